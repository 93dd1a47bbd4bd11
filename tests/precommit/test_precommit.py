"""The pre-commit hook with the real pre-commit (Debian's package), no network.

A temporary git repository holds a racy C++ file, a C file and headers, and a
.pre-commit-config.yaml whose `repo:` is this checkout (a local path: pre-commit clones it
without the network). When the checkout's committed .pre-commit-hooks.yaml differs from the
working tree's (while developing), a one-commit repository with the working tree's manifest
stands in for it, so the manifest under test is always the one on disk.

`pre-commit run --all-files` must fail and print the finding; after the fix it must pass.
Headers given alone go through the TU that includes them when there is a compile database.

    CONCUR_LINT=build/bin/concur-lint python3 -m unittest -v test_precommit
"""

import json
import os
import shutil
import subprocess
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BINARY = os.environ.get("CONCUR_LINT") or os.path.join(REPO, "build", "bin", "concur-lint")
PRE_COMMIT = shutil.which("pre-commit")

RACY = textwrap.dedent("""\
    #include <pthread.h>
    #include "util.h"
    long total = 0;
    static void *add(void *) {
      total += one();
      return nullptr;
    }
    int main() {
      pthread_t t;
      pthread_create(&t, nullptr, add, nullptr);
      total += 2;
      pthread_join(t, nullptr);
      return static_cast<int>(total);
    }
    """)

FIXED = RACY.replace("long total = 0;", "#include <atomic>\nstd::atomic<long> total = 0;")

UTIL_H = textwrap.dedent("""\
    #pragma once
    namespace util {}
    inline long one() { return 1; }
    """)

# Valid C, not C++ (`new` is a keyword there): only passes when parsed as C.
CLEAN_C = textwrap.dedent("""\
    #include "flags.h"
    int main(void) { int new = FLAG; return new; }
    """)
FLAGS_H = "#define FLAG 0\nstatic int class_of(int new) { return new; }\n"

# An inline function in a header runs on a thread started by the TU including it.
COUNTER_H = textwrap.dedent("""\
    #pragma once
    inline long hits = 0;
    inline void *bump(void *) {
      hits++;
      return nullptr;
    }
    """)
COUNTER_MAIN = textwrap.dedent("""\
    #include <pthread.h>
    #include "counter.h"
    int main() {
      pthread_t t;
      pthread_create(&t, nullptr, bump, nullptr);
      long seen = hits;
      pthread_join(t, nullptr);
      return static_cast<int>(seen);
    }
    """)


def git(args, cwd, env):
    subprocess.run(["git"] + args, cwd=cwd, env=env, check=True, capture_output=True,
                   timeout=60)


class PreCommitHookTest(unittest.TestCase):
    def setUp(self):
        self.assertTrue(PRE_COMMIT, "pre-commit not found (scripts/install-deps.sh installs it)")
        self.assertTrue(os.path.exists(BINARY), BINARY + " is not built")
        self.tmp = tempfile.mkdtemp(prefix="concur-precommit-")
        self.env = dict(os.environ,
                        PATH=os.path.dirname(os.path.abspath(BINARY)) + os.pathsep +
                        os.environ.get("PATH", ""),
                        HOME=self.tmp, PRE_COMMIT_HOME=os.path.join(self.tmp, "cache"),
                        GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid",
                        GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid",
                        GIT_CONFIG_NOSYSTEM="1", PRE_COMMIT_NO_CONCURRENCY="1")
        self.env.pop("GIT_DIR", None)
        self.env.pop("GIT_WORK_TREE", None)
        self.project = os.path.join(self.tmp, "project")
        os.makedirs(self.project)
        git(["init", "-q", "-b", "main", "."], self.project, self.env)
        hook_repo, rev = self.hook_repository()
        self.write(".pre-commit-config.yaml", textwrap.dedent(f"""\
            repos:
              - repo: {hook_repo}
                rev: {rev}
                hooks:
                  - id: concur-lint
            """))

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def hook_repository(self):
        """This checkout and its HEAD when HEAD has the manifest on disk, else a stand-in."""
        with open(os.path.join(REPO, ".pre-commit-hooks.yaml")) as f:
            manifest = f.read()
        committed = subprocess.run(["git", "show", "HEAD:.pre-commit-hooks.yaml"], cwd=REPO,
                                   capture_output=True, text=True, env=self.env)
        if committed.returncode == 0 and committed.stdout == manifest:
            rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True,
                                 text=True, check=True, env=self.env).stdout.strip()
            return REPO, rev
        stand_in = os.path.join(self.tmp, "hooks")
        os.makedirs(stand_in)
        with open(os.path.join(stand_in, ".pre-commit-hooks.yaml"), "w") as f:
            f.write(manifest)
        git(["init", "-q", "-b", "main", "."], stand_in, self.env)
        git(["add", ".pre-commit-hooks.yaml"], stand_in, self.env)
        git(["commit", "-q", "-m", "manifest"], stand_in, self.env)
        rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=stand_in, capture_output=True,
                             text=True, check=True, env=self.env).stdout.strip()
        return stand_in, rev

    def write(self, name, text):
        path = os.path.join(self.project, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        git(["add", name], self.project, self.env)
        return path

    def pre_commit(self, *args):
        return subprocess.run([PRE_COMMIT, "run", "--color=never"] + list(args),
                              cwd=self.project, env=self.env, capture_output=True, text=True,
                              timeout=240, stdin=subprocess.DEVNULL)

    def test_fails_on_the_race_then_passes_after_the_fix(self):
        self.write("src/racy.cpp", RACY)
        self.write("src/util.h", UTIL_H)
        self.write("c/clean.c", CLEAN_C)
        self.write("c/flags.h", FLAGS_H)
        r = self.pre_commit("--all-files")
        out = r.stdout + r.stderr
        self.assertEqual(r.returncode, 1, out)
        self.assertIn("concur-lint", out)
        self.assertIn("Failed", out)
        self.assertIn("src/racy.cpp:5:3: warning:", out)
        self.assertIn("[race-shared-global]", out)
        # Every file pre-commit passed was analysed, the C ones as C: no analysis error.
        self.assertNotIn("cannot be analysed", out)
        self.assertIn("4 file(s) analysed", out)

        self.write("src/racy.cpp", FIXED)
        r = self.pre_commit("--all-files")
        out = r.stdout + r.stderr
        self.assertEqual(r.returncode, 0, out)
        self.assertIn("Passed", out)

    def test_a_header_alone_is_checked_through_the_tu_including_it(self):
        counter = self.write("counter.h", COUNTER_H)
        main = self.write("main.cpp", COUNTER_MAIN)
        db = [{"directory": self.project, "file": main,
               "arguments": ["clang++", "-std=c++20", "-pthread", "-c", main]}]
        self.write("compile_commands.json", json.dumps(db))
        r = self.pre_commit("--files", "counter.h")
        out = r.stdout + r.stderr
        self.assertEqual(r.returncode, 1, out)
        self.assertIn("counter.h:4:3: warning:", out)
        self.assertIn("[race-shared-global]", out)
        self.assertIn("1 file(s) analysed", out)
        # Without the database the header is parsed on its own: no thread runs bump there.
        os.remove(os.path.join(self.project, "compile_commands.json"))
        git(["rm", "-q", "--cached", "compile_commands.json"], self.project, self.env)
        r = self.pre_commit("--files", "counter.h")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertTrue(os.path.exists(counter))


if __name__ == "__main__":
    unittest.main()
