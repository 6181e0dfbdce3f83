# SPDX-License-Identifier: Apache-2.0
# Install rules and the CMake/pkg-config packages, included by the top-level CMakeLists.txt after
# the libraries exist. Everything iterates over ACESLAB_LIBRARIES, so a new library folder is
# installed, exported and listed in aceslab.pc by being added to that list.
#
#   P/bin/aceslab                                  the command
#   P/share/aceslab/                               data/ (found relative to the binary, color/data_dir.h)
#   P/include/aceslab/<lib>/*.h                    public headers, included as "<lib>/x.h"
#   P/<libdir>/libaceslab_<lib>.a                  one static library per folder
#   P/<libdir>/cmake/aceslab/                      find_package(aceslab) -> aceslab::<lib>, aceslab::aces
#   P/<libdir>/pkgconfig/aceslab.pc                pkg-config --cflags --libs aceslab
#   P/lib/python3/dist-packages/aceslab/           the Python module (python/CMakeLists.txt)
# Components: "runtime" (command, data, Python module) and "development" (headers, libraries,
# packages), which CPack turns into the aceslab and aceslab-dev .deb files.
include(CMakePackageConfigHelpers)

set(ACESLAB_CMAKE_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/aceslab")

# The core in one name, as the issue and older docs spell it: aceslab::aces = color, aces2,
# pipeline, clf and image.
add_library(aceslab_aces INTERFACE)
target_link_libraries(aceslab_aces INTERFACE aceslab_color aceslab_aces2 aceslab_pipeline aceslab_clf aceslab_image)
set_target_properties(aceslab_aces PROPERTIES EXPORT_NAME aces)
add_library(aceslab::aces ALIAS aceslab_aces)

set(_aceslab_targets aceslab_aces)
set(_aceslab_pc_libs "")
foreach(lib IN LISTS ACESLAB_LIBRARIES)
  set_target_properties(aceslab_${lib} PROPERTIES EXPORT_NAME ${lib})
  add_library(aceslab::${lib} ALIAS aceslab_${lib})
  list(APPEND _aceslab_targets aceslab_${lib})
  # Static linking wants users before what they use: ACESLAB_LIBRARIES lists a library after its
  # dependencies, so prepend.
  list(PREPEND _aceslab_pc_libs "-laceslab_${lib}")
  # A sanitizer build's static libraries need the sanitizer runtimes in whatever links them.
  if(ACESLAB_SANITIZE OR ACESLAB_FUZZ)
    target_link_options(aceslab_${lib} INTERFACE $<INSTALL_INTERFACE:-fsanitize=address,undefined>)
  endif()
  file(GLOB _headers "${PROJECT_SOURCE_DIR}/${lib}/*.h")
  install(FILES ${_headers} DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/aceslab/${lib}" COMPONENT development)
endforeach()

install(TARGETS ${_aceslab_targets} EXPORT aceslabTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT development
        INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/aceslab")
install(TARGETS aceslab RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT runtime)
install(DIRECTORY "${PROJECT_SOURCE_DIR}/data/" DESTINATION "${CMAKE_INSTALL_DATADIR}/aceslab" COMPONENT runtime)

install(EXPORT aceslabTargets NAMESPACE aceslab:: DESTINATION "${ACESLAB_CMAKE_INSTALL_DIR}"
        COMPONENT development)
configure_package_config_file("${CMAKE_CURRENT_LIST_DIR}/aceslabConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/generated/aceslabConfig.cmake" INSTALL_DESTINATION "${ACESLAB_CMAKE_INSTALL_DIR}"
  PATH_VARS CMAKE_INSTALL_DATADIR)
# 0.x: a new minor version may change the API.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/generated/aceslabConfigVersion.cmake"
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/generated/aceslabConfig.cmake"
              "${PROJECT_BINARY_DIR}/generated/aceslabConfigVersion.cmake"
        DESTINATION "${ACESLAB_CMAKE_INSTALL_DIR}" COMPONENT development)

# pkg-config: relocatable (prefix from the .pc file's own folder, <libdir>/pkgconfig).
set(_pc_up "..")
string(REPLACE "/" ";" _libdir_parts "${CMAKE_INSTALL_LIBDIR}")
foreach(_part IN LISTS _libdir_parts)
  string(APPEND _pc_up "/..")
endforeach()
set(ACESLAB_PC_PREFIX "\${pcfiledir}/${_pc_up}")
if(ACESLAB_SANITIZE OR ACESLAB_FUZZ)
  list(APPEND _aceslab_pc_libs "-fsanitize=address,undefined")
endif()
list(JOIN _aceslab_pc_libs " " ACESLAB_PC_LIBS)
configure_file("${CMAKE_CURRENT_LIST_DIR}/aceslab.pc.in" "${PROJECT_BINARY_DIR}/generated/aceslab.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/generated/aceslab.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
        COMPONENT development)
