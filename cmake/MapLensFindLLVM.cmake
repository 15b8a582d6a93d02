# Locates one supported LLVM/Clang installation.
#
# Honors LLVM_DIR and Clang_DIR. Without them it tries the supported major
# versions newest first, in the default CMake search paths and in the places
# Debian/Ubuntu (/usr/lib/llvm-N) and Homebrew (llvm@N) install them.

set(MAPLENS_SUPPORTED_LLVM_MAJORS 22 21 20 19)
list(GET MAPLENS_SUPPORTED_LLVM_MAJORS 0 _maplens_newest)
list(GET MAPLENS_SUPPORTED_LLVM_MAJORS -1 _maplens_oldest)

if(LLVM_DIR OR Clang_DIR)
  if(NOT LLVM_DIR AND Clang_DIR)
    # ClangConfig finds its own LLVM; let it.
    find_package(Clang REQUIRED CONFIG)
  else()
    find_package(LLVM REQUIRED CONFIG)
  endif()
else()
  foreach(_major IN LISTS MAPLENS_SUPPORTED_LLVM_MAJORS)
    find_package(LLVM ${_major} CONFIG QUIET
      HINTS /usr/lib/llvm-${_major}/lib/cmake/llvm
            /usr/local/opt/llvm@${_major}/lib/cmake/llvm
            /opt/homebrew/opt/llvm@${_major}/lib/cmake/llvm)
    if(LLVM_FOUND)
      break()
    endif()
  endforeach()
  if(NOT LLVM_FOUND)
    message(FATAL_ERROR
      "maplens: no LLVM ${_maplens_oldest}..${_maplens_newest} development "
      "package found.\n"
      "Run scripts/setup.sh, or install llvm-N-dev and libclang-N-dev "
      "(N in ${_maplens_oldest}..${_maplens_newest}) and pass "
      "-DLLVM_DIR=<prefix>/lib/cmake/llvm.")
  endif()
endif()

if(LLVM_VERSION_MAJOR LESS ${_maplens_oldest} OR
   LLVM_VERSION_MAJOR GREATER ${_maplens_newest})
  message(FATAL_ERROR
    "maplens: LLVM ${LLVM_PACKAGE_VERSION} at ${LLVM_DIR} is not supported; "
    "use LLVM ${_maplens_oldest} through ${_maplens_newest}.")
endif()

if(NOT Clang_DIR)
  find_package(Clang REQUIRED CONFIG
    HINTS "${LLVM_INSTALL_PREFIX}/lib/cmake/clang"
          "${LLVM_DIR}/../clang"
    NO_DEFAULT_PATH)
elseif(NOT Clang_FOUND)
  find_package(Clang REQUIRED CONFIG)
endif()

list(APPEND CMAKE_MODULE_PATH "${LLVM_CMAKE_DIR}")
include(AddLLVM OPTIONAL RESULT_VARIABLE _maplens_have_addllvm)

# The compiler binaries that belong to this LLVM: tests run the plugin in
# them, and a plugin only loads into the clang it was built for.
find_program(MAPLENS_CLANGXX NAMES clang++ clang++-${LLVM_VERSION_MAJOR}
  HINTS "${LLVM_TOOLS_BINARY_DIR}" NO_DEFAULT_PATH)
if(NOT MAPLENS_CLANGXX)
  find_program(MAPLENS_CLANGXX NAMES clang++-${LLVM_VERSION_MAJOR})
endif()

message(STATUS "maplens: LLVM ${LLVM_PACKAGE_VERSION} (${LLVM_DIR})")
message(STATUS "maplens: Clang ${Clang_DIR}; clang++ ${MAPLENS_CLANGXX}")
