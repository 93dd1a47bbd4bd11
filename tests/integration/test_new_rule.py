"""scripts/new-rule.sh on a scratch copy of the repository: it writes every part of a rule,
registers it once, refuses a second run and a bad id without touching anything, and the rule it
writes compiles with the project's headers.

    test_new_rule.py SOURCE_DIR CXX LLVM_INCLUDE_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

SOURCE, CXX, LLVM_INCLUDE = sys.argv[1:4]
del sys.argv[1:4]

PARTS = ["rules", "engine", "facts", "transforms", "docs/rules", "tests/rules", "README.md"]


def snapshot(root):
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, root)] = fh.read()
    return out


class NewRule(unittest.TestCase):
    def setUp(self):
        self.repo = tempfile.mkdtemp(prefix="new-rule-")
        self.addCleanup(shutil.rmtree, self.repo)
        for part in PARTS:
            src, dst = os.path.join(SOURCE, part), os.path.join(self.repo, part)
            if os.path.isdir(src):
                shutil.copytree(src, dst)
            else:
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copy(src, dst)

    def run_script(self, *args):
        return subprocess.run([os.path.join(SOURCE, "scripts", "new-rule.sh"), *args],
                              env={**os.environ, "CONCUR_REPO": self.repo},
                              capture_output=True, text=True)

    def read(self, path):
        with open(os.path.join(self.repo, path), encoding="utf-8") as f:
            return f.read()

    def test_creates_and_registers_every_part(self):
        r = self.run_script("thread-detached-capture", "A detached thread captures a local.")
        self.assertEqual(r.returncode, 0, r.stderr)
        for path in ["rules/ThreadDetachedCapture.cpp", "docs/rules/thread-detached-capture.md",
                     "tests/rules/thread-detached-capture/first_case.cpp"]:
            self.assertTrue(os.path.isfile(os.path.join(self.repo, path)), path)
        self.assertEqual(self.read("rules/AllRules.h").count(
            "std::unique_ptr<Rule> createThreadDetachedCapture();"), 1)
        self.assertEqual(self.read("rules/AllRules.cpp").count(
            "Rules.push_back(createThreadDetachedCapture());"), 1)
        self.assertIn("  ThreadDetachedCapture.cpp\n", self.read("rules/CMakeLists.txt"))
        catalog = self.read("engine/catalogs/rules.yaml")
        self.assertIn("  - id: thread-detached-capture\n", catalog)
        self.assertIn("docs: rules/thread-detached-capture.md", catalog)
        self.assertTrue(catalog.rstrip().endswith("docs: usage.md#suppressing-findings"),
                        "the engine's own entry (nolint) stays last")
        self.assertIn("| [thread-detached-capture](docs/rules/thread-detached-capture.md) |",
                      self.read("README.md"))
        # The rule and its registration compile against the project's headers.
        for source in ["rules/ThreadDetachedCapture.cpp", "rules/AllRules.cpp"]:
            c = subprocess.run([CXX, "-std=c++20", "-fsyntax-only", "-I", self.repo,
                                "-I", LLVM_INCLUDE, os.path.join(self.repo, source)],
                               capture_output=True, text=True)
            self.assertEqual(c.returncode, 0, c.stderr)

    def test_refuses_an_existing_rule_and_a_bad_id_and_writes_nothing(self):
        before = snapshot(self.repo)
        for args in [("race-shared-global",), ("Bad_Id",), ("-x",), ()]:
            r = self.run_script(*args)
            self.assertNotEqual(r.returncode, 0, args)
            self.assertIn("new-rule", r.stderr)
        self.assertEqual(snapshot(self.repo), before)


if __name__ == "__main__":
    unittest.main(verbosity=2)
