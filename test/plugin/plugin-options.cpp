// The plugin's arguments: mode, filter; bad arguments fail the compile with
// a message naming the argument.
//
// Default mode lists sites.
// RUN: %clangxx -fsyntax-only -fno-caret-diagnostics -fplugin=%maplens_plugin %s 2>&1 | FileCheck %s --check-prefix=LIST
// LIST: plugin-options.cpp:[[@LINE+22]]:3: remark: range-for loop walks
//
// mode=off: nothing at all.
// RUN: %clangxx -fsyntax-only -fplugin=%maplens_plugin -fplugin-arg-maplens-mode=off %s 2>&1 | count 0
//
// filter: a regex on the file path.
// RUN: %list_sites -fplugin-arg-maplens-filter=plugin-options %s 2>&1 | FileCheck %s --check-prefix=LIST
// RUN: %list_sites -fplugin-arg-maplens-filter=does-not-match %s 2>&1 | count 0
//
// Errors.
// RUN: not %clangxx -fsyntax-only -fplugin=%maplens_plugin -fplugin-arg-maplens-mode=fast %s 2>&1 | FileCheck %s --check-prefix=BADMODE
// BADMODE: error: maplens plugin: unknown mode 'fast' (expected list, instrument or off)
// RUN: not %clangxx -fsyntax-only -fplugin=%maplens_plugin -fplugin-arg-maplens-colour=red %s 2>&1 | FileCheck %s --check-prefix=BADKEY
// BADKEY: error: maplens plugin: unknown argument '-fplugin-arg-maplens-colour=red'
// RUN: not %clangxx -fsyntax-only -fplugin=%maplens_plugin '-fplugin-arg-maplens-filter=(' %s 2>&1 | FileCheck %s --check-prefix=BADRE
// BADRE: error: maplens plugin: filter: invalid regular expression '('
// RUN: not %clangxx -fsyntax-only -fplugin=%maplens_plugin -fplugin-arg-maplens-containers=a::b=quick %s 2>&1 | FileCheck %s --check-prefix=BADFAM
// BADFAM: error: maplens plugin: containers: unknown family 'quick'

#include <map>
int f(std::map<int, int> &m) {
  int s = 0;
  for (auto &kv : m) s += kv.second;
  return s;
}
