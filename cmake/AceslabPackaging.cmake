# SPDX-License-Identifier: Apache-2.0
# CPack: two Debian 12 packages from the install components (cmake/AceslabInstall.cmake).
#   aceslab      the command, its data and the Python module; Depends: the Debian runtime
#                libraries the binaries link (found by dpkg-shlibdeps) plus python3 and python3-numpy
#   aceslab-dev  headers, static libraries, CMake and pkg-config packages; Depends: aceslab and the
#                Debian -dev packages a program linking them needs
# Build them with `cpack -G DEB` (or `cmake --build build --target package`) in the build folder.
set(CPACK_PACKAGE_NAME "aceslab")
set(CPACK_PACKAGE_VENDOR "aceslab")
set(CPACK_PACKAGE_CONTACT "aceslab maintainers <aceslab@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "ACES 2 colour pipeline workbench: LMTs from show LUTs, IDTs from charts, AMF recipes")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime development)
set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT")
set(CPACK_DEBIAN_PACKAGE_SECTION "graphics")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME "aceslab")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_DEPENDS "python3, python3-numpy")
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_NAME "aceslab-dev")
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SECTION "libdevel")
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_DEPENDS
  "aceslab (= ${PROJECT_VERSION}), cmake, pkg-config, libeigen3-dev, libceres-dev, libgoogle-glog-dev, libopencolorio-dev, libopenimageio-dev, libopenexr-dev, libimath-dev, libxxhash-dev, nlohmann-json3-dev, libpugixml-dev, libxml2-dev, libssl-dev")
include(CPack)
