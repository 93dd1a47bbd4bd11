#!/usr/bin/env bash
# Creates a new rule: everything a rule has, registered, so that it builds and its first test
# passes. Then write its logic, its doc page and its cases.
#
#   scripts/new-rule.sh RULE-ID ["One-line summary."]
#
# RULE-ID is lowercase words joined by '-' (thread-detached-capture). The script writes
#   rules/<Name>.cpp                the rule's class (Name: the id in CamelCase)
#   rules/AllRules.h, AllRules.cpp  its factory, declared and registered (one line each)
#   rules/CMakeLists.txt            the source file
#   engine/catalogs/rules.yaml      its catalog entry (summary, description, severity, docs)
#   docs/rules/<id>.md              its page: what it finds, why, example, use instead
#   tests/rules/<id>/first_case.cpp its first case (tests/rules/run_case.py's annotations)
#   README.md                       its row in the rules table
# tests/unit/RuleRegistryTest.cpp fails while any of these is missing for a registered rule.
# The repository to write into is this script's (CONCUR_REPO overrides it, for the script's test).
set -euo pipefail

usage() { echo "usage: scripts/new-rule.sh RULE-ID [\"One-line summary.\"]" >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 2 ] || usage
ID=$1
SUMMARY=${2:-"TODO: one line saying what the rule finds."}
[[ "$ID" =~ ^[a-z][a-z0-9]*(-[a-z0-9]+)*$ ]] || {
  echo "new-rule: '$ID' is not a rule id: lowercase words joined by '-'" >&2; exit 2; }
REPO=${CONCUR_REPO:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$REPO"

exec /usr/bin/env python3 - "$ID" "$SUMMARY" <<'PYTHON'
import os, re, sys

rule_id, summary = sys.argv[1], sys.argv[2]
name = "".join(part.capitalize() for part in rule_id.split("-"))

def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()

def write(path, text, new=True):
    if new and os.path.exists(path):
        sys.exit(f"new-rule: {path} exists already: nothing was written")
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)

catalog = read("engine/catalogs/rules.yaml")
if re.search(rf"^  - id: {re.escape(rule_id)}$", catalog, re.M):
    sys.exit(f"new-rule: engine/catalogs/rules.yaml has a rule '{rule_id}' already")
for path in (f"rules/{name}.cpp", f"docs/rules/{rule_id}.md", f"tests/rules/{rule_id}"):
    if os.path.exists(path):
        sys.exit(f"new-rule: {path} exists already: nothing was written")

# Every edit is computed first, then all files are written: a failure leaves the tree as it was.
all_rules_h = read("rules/AllRules.h")
factories = list(re.finditer(r"^std::unique_ptr<Rule> create\w+\(\);$", all_rules_h, re.M))
if not factories:
    sys.exit("new-rule: rules/AllRules.h declares no rule factory")
end = factories[-1].end()
all_rules_h = all_rules_h[:end] + f"\nstd::unique_ptr<Rule> create{name}();" + all_rules_h[end:]

all_rules_cpp = read("rules/AllRules.cpp")
anchor = "  return Rules;"
all_rules_cpp = all_rules_cpp.replace(anchor, f"  Rules.push_back(create{name}());\n{anchor}", 1)

cmake = read("rules/CMakeLists.txt")
m = re.search(r"add_library\(concurlint_rules STATIC\n((?:  \S+\.cpp\n?)+)\)", cmake)
if not m:
    sys.exit("new-rule: rules/CMakeLists.txt has no add_library(concurlint_rules ...) list")
sources = sorted((set(m.group(1).split()) | {f"{name}.cpp"}) - {"AllRules.cpp"})
listing = "\n".join(f"  {s}" for s in ["AllRules.cpp"] + sources)
cmake = cmake[:m.start(1)] + listing + cmake[m.end(1):]

entry = f"""  - id: {rule_id}
    summary: {summary}
    description: >-
      TODO: a paragraph (SARIF's fullDescription): what the rule reports and why it matters.
    severity: warning
    docs: rules/{rule_id}.md
"""
# The rules' entries, then the engine's own (nolint), which stays last.
engine_entry = catalog.find("\n  - id: nolint\n")
if engine_entry < 0:
    catalog = catalog.rstrip("\n") + "\n" + entry
else:
    catalog = catalog[:engine_entry + 1] + entry + catalog[engine_entry + 1:]

readme = read("README.md")
rows = list(re.finditer(r"^\| \[[a-z0-9-]+\]\(docs/rules/[a-z0-9-]+\.md\) \|.*$", readme, re.M))
if not rows:
    sys.exit("new-rule: README.md has no rules table")
row = f"| [{rule_id}](docs/rules/{rule_id}.md) | {summary.rstrip('.')} |"
readme = readme[:rows[-1].end()] + "\n" + row + readme[rows[-1].end():]

rule_cpp = f"""// {rule_id}: {summary} See docs/rules/{rule_id}.md.
#include "engine/RuleText.h"
#include "rules/AllRules.h"

namespace concurlint {{
namespace {{

constexpr llvm::StringLiteral RuleId = "{rule_id}";

class {name} : public Rule {{
public:
  llvm::StringRef id() const override {{ return RuleId; }}

  void check(const Program &P, RuleContext &Ctx) override {{
    for (const FunctionFact *F : P.functions()) {{
      if (!Ctx.configFor(F->span.file).enabled(RuleId))
        continue;
      // The rule's logic: read the facts of F (facts/Facts.h) and, for each mistake,
      //   Finding Out;
      //   Out.rule = RuleId.str();
      //   Out.where = <the span to underline>;
      //   Out.message = "what is wrong, and what to do instead";
      //   Ctx.report(std::move(Out));
      (void)F;
    }}
  }}
}};

}}  // namespace

std::unique_ptr<Rule> create{name}() {{ return std::make_unique<{name}>(); }}

}}  // namespace concurlint
"""

doc = f"""# {rule_id}

**Default severity:** warning · **Fix-its:** none

## What it finds

{summary}

## Why it matters

TODO: what goes wrong at run time, and when.

## Example

```cpp
// TODO: the smallest program the rule reports, with the finding as a comment.
```

## Use instead

```cpp
// TODO: the same program, written the right way.
```

## Options

None.
"""

case = f"""// The first case of {rule_id}: a line with `// expect: {rule_id}` must be reported, every other
// line must not (tests/rules/run_case.py). Add a case per shape the rule must and must not report.
#include <thread>

int main() {{
  std::thread t([] {{}});
  t.join();
}}
"""

write(f"rules/{name}.cpp", rule_cpp)
write(f"docs/rules/{rule_id}.md", doc)
write(f"tests/rules/{rule_id}/first_case.cpp", case)
write("rules/AllRules.h", all_rules_h, new=False)
write("rules/AllRules.cpp", all_rules_cpp, new=False)
write("rules/CMakeLists.txt", cmake, new=False)
write("engine/catalogs/rules.yaml", catalog, new=False)
write("README.md", readme, new=False)
print(f"new-rule: {rule_id} created: rules/{name}.cpp, docs/rules/{rule_id}.md, "
      f"tests/rules/{rule_id}/first_case.cpp, its catalog entry, registration and README row")
PYTHON
