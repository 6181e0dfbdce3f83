# SPDX-License-Identifier: Apache-2.0
# The version compiled into aceslab_color (color/version.h): PROJECT_VERSION plus `git describe`
# of the source tree when it is a git checkout and git is installed, taken at configure time.
find_package(Git QUIET)
set(ACESLAB_GIT_DESCRIBE "")
if(GIT_FOUND AND EXISTS "${PROJECT_SOURCE_DIR}/.git")
  execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${PROJECT_SOURCE_DIR}" describe --tags --always --dirty
                  OUTPUT_VARIABLE ACESLAB_GIT_DESCRIBE OUTPUT_STRIP_TRAILING_WHITESPACE
                  ERROR_QUIET RESULT_VARIABLE _git_result)
  if(NOT _git_result EQUAL 0)
    set(ACESLAB_GIT_DESCRIBE "")
  endif()
endif()
configure_file("${CMAKE_CURRENT_LIST_DIR}/version.cpp.in" "${PROJECT_BINARY_DIR}/generated/version.cpp" @ONLY)
target_sources(aceslab_color PRIVATE "${PROJECT_BINARY_DIR}/generated/version.cpp")
message(STATUS "aceslab ${PROJECT_VERSION} ${ACESLAB_GIT_DESCRIBE}")
