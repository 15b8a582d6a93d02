"""Copies the sample project to DEST and writes its compile_commands.json
(absolute paths, as CMake writes them), optionally with a broken file."""
import json
import os
import shutil
import sys

src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "project")
dest = os.path.abspath(sys.argv[1])
broken = "--broken" in sys.argv
shutil.rmtree(dest, ignore_errors=True)
shutil.copytree(src, dest)
os.makedirs(os.path.join(dest, ".git"))  # marks the project root
files = ["src/index.cpp", "src/query.cpp"]
if broken:
    with open(os.path.join(dest, "src/broken.cpp"), "w") as f:
        f.write("int f() { return undeclared; }\n")
    files.append("src/broken.cpp")
build = os.path.join(dest, "build")
os.makedirs(build)
with open(os.path.join(build, "compile_commands.json"), "w") as f:
    json.dump([{"directory": build,
                "file": os.path.join(dest, name),
                "arguments": ["c++", "-std=c++17", "-I" + os.path.join(dest, "include"),
                              "-c", os.path.join(dest, name), "-o", name + ".o"]}
               for name in files], f, indent=2)
