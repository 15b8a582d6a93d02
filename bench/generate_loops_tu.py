"""Writes a large translation unit with many loops, half over associative
containers and half not, for measuring what the plugin adds to a compile.

    generate_loops_tu.py OUT.cpp [FUNCTIONS]
"""
import sys

out, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1500
with open(out, "w") as f:
    f.write("#include <algorithm>\n#include <map>\n#include <numeric>\n"
            "#include <set>\n#include <string>\n#include <unordered_map>\n"
            "#include <vector>\n\n")
    f.write("template <class R> long walk(const R &r) { long s = 0; "
            "for (const auto &x : r) s += sizeof(x); return s; }\n\n")
    for i in range(n):
        f.write(f"""long f{i}(std::map<int, long> &m, std::unordered_map<int, int> &u,
          std::vector<int> &v, std::set<int> &s) {{
  long t = {i};
  for (const auto &[k, x] : m) t += k * x;
  for (int x : v) t -= x;
  for (auto it = u.begin(); it != u.end(); ++it) t += it->second;
  for (int i = 0; i < (int)v.size(); ++i) t += v[i];
  t += std::accumulate(s.begin(), s.end(), 0L);
  t += std::count_if(v.begin(), v.end(), [](int x) {{ return x > {i % 7}; }});
  return t + walk(v) + ({i} % 3 == 0 ? walk(m) : 0);
}}
""")
