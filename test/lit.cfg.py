# lit configuration for maplens. Substitutions (use them, never bare tool
# names or relative paths, in RUN lines):
#   %clangxx          clang++ of the LLVM maplens was built against
#   %maplens_plugin   path of MapLens.so
#   %maplens          path of the maplens command
#   %libcxx           flags that select libc++ (feature 'libcxx')
#   %mocks            test/Inputs/mock-headers (third-party look-alikes)
#   %llvm_headers     -isystem flags for the real headers of the LLVM maplens
#                     is built against (a third-party library, not a mock)
#   %list_sites       %clangxx -fsyntax-only with the plugin listing sites
#   %python           the Python running lit
#   %gxx              GCC's g++ (the probe runtime must compile with it)
import os
import shutil

import lit.formats

config.name = "maplens"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".test"]
config.excludes = ["Inputs", "unit", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.maplens_obj_root, "test")

# FileCheck, not, count come from the same LLVM.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", "")])
# Diagnostics must not depend on the terminal.
config.environment.pop("TERM", None)

mocks = os.path.join(config.test_source_root, "Inputs", "mock-headers")
plugin_list = (config.clangxx + " -fsyntax-only -fno-caret-diagnostics"
               " -fplugin=" + config.maplens_plugin +
               " -fplugin-arg-maplens-mode=list")

config.substitutions.append(("%list_sites", plugin_list))
config.substitutions.append(("%clangxx", config.clangxx))
config.substitutions.append(("%maplens_plugin", config.maplens_plugin))
config.substitutions.append(("%maplens", config.maplens_tool))
config.substitutions.append(("%libcxx", config.libcxx_flags))
config.substitutions.append(("%mocks", mocks))
config.substitutions.append(
    ("%llvm_headers", " ".join("-isystem " + d for d in
                               config.llvm_include_dirs.split(";") if d)))
config.substitutions.append(("%python", config.python_executable))
# The probe runtime also compiles with GCC (users of `maplens instrument`).
# scripts/setup.sh installs it; a missing g++ fails the tests that use it.
config.substitutions.append(("%gxx", shutil.which("g++") or "g++"))

if config.libcxx_flags:
    config.available_features.add("libcxx")
config.available_features.add("llvm-" + config.llvm_version_major)
