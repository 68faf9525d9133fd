# Cross-build a CMake project for Windows with jwin:
#   cmake -DCMAKE_TOOLCHAIN_FILE=/path/to/jwin/cmake/jwin-toolchain.cmake [-DJWIN_TARGET=i686-windows-gnu] ..
# The compiler is `jwin cc` (gcc-compatible, mingw-w64 runtime), the linker `jwin link` behind it.
set(CMAKE_SYSTEM_NAME Windows)
if(NOT DEFINED JWIN_TARGET)
  set(JWIN_TARGET x86_64-windows-gnu)
endif()
string(REGEX MATCH "^[^-]+" _jwin_arch "${JWIN_TARGET}")
if(_jwin_arch STREQUAL "i686" OR _jwin_arch STREQUAL "i386")
  set(CMAKE_SYSTEM_PROCESSOR x86)
elseif(_jwin_arch STREQUAL "aarch64" OR _jwin_arch STREQUAL "arm64")
  set(CMAKE_SYSTEM_PROCESSOR ARM64)
else()
  set(CMAKE_SYSTEM_PROCESSOR AMD64)
endif()

get_filename_component(_jwin_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(CMAKE_C_COMPILER "${_jwin_root}/jwin-cc")
set(CMAKE_CXX_COMPILER "${_jwin_root}/jwin-c++")
set(CMAKE_C_COMPILER_TARGET ${JWIN_TARGET})
set(CMAKE_CXX_COMPILER_TARGET ${JWIN_TARGET})
# CMake passes the target with --target=, which jwin cc understands; the runtime is jwin's business.
# Resource scripts (project(... RC), .rc sources): jwin's own resource compiler, GNU windres command line.
set(CMAKE_RC_COMPILER "${_jwin_root}/jwin-windres")
set(CMAKE_RC_FLAGS_INIT "--target=${JWIN_TARGET}")
set(CMAKE_AR llvm-ar-14 CACHE FILEPATH "")
set(CMAKE_RANLIB llvm-ranlib-14 CACHE FILEPATH "")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
