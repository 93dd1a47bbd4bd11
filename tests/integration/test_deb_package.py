#!/usr/bin/env python3
"""The .deb: `cpack -G DEB` in the build directory, then what a user of a fresh Debian 12 gets.

    test_deb_package.py BUILD_DIR

Builds the package into a scratch directory and checks its control data (name, version, the
dependencies dpkg-shlibdeps found and the ones declared), its contents (the tools, the tidy
module and its wrapper, the runtime's headers and libraries, man pages, docs), that apt accepts
it on this machine (`apt-get install --simulate`: every dependency resolvable), and runs it
unpacked into a scratch root: concur-lint finds a race in a file and links its finding to the
installed docs, concur-lsp and the man pages answer, the wrapper loads the module.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

BUILD = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else None

RACE = """\
#include <thread>
long hits = 0;
void serve() { hits++; }
int main() {
  std::thread t(serve);
  hits++;
  t.join();
}
"""


def run(*cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)


class TestDebPackage(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        for tool in ("cpack", "dpkg-deb", "dpkg-shlibdeps"):
            if not shutil.which(tool):
                raise unittest.SkipTest(f"{tool} is not installed (package dpkg-dev, cmake)")
        cls.tmp = tempfile.mkdtemp(prefix="concur-deb-")
        out = os.path.join(cls.tmp, "out")
        proc = run("cpack", "-G", "DEB", "-B", out, cwd=BUILD)
        if proc.returncode != 0:
            raise AssertionError("cpack failed:\n" + proc.stdout + proc.stderr)
        debs = [f for f in os.listdir(out) if f.endswith(".deb")]
        assert len(debs) == 1, debs
        cls.deb = os.path.join(out, debs[0])
        cls.root = os.path.join(cls.tmp, "root")
        proc = run("dpkg-deb", "-x", cls.deb, cls.root)
        assert proc.returncode == 0, proc.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def field(self, name):
        proc = run("dpkg-deb", "-f", self.deb, name)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout.strip()

    def test_control(self):
        self.assertEqual(self.field("Package"), "concur-lint")
        self.assertRegex(self.field("Version"), r"^\d+\.\d+\.\d+$")
        self.assertEqual(self.field("Architecture"), "amd64")
        depends = [d.strip().split(" ")[0] for d in self.field("Depends").split(",")]
        # What the binaries link (found by dpkg-shlibdeps) and the resource headers every parse
        # needs (declared).
        for package in ("libclang-cpp19", "libllvm19", "libyaml-cpp0.7", "libc6", "libstdc++6",
                        "libclang-common-19-dev"):
            self.assertIn(package, depends)
        self.assertIn("clang-tidy-19", self.field("Recommends"))
        self.assertNotIn(";", self.field("Description"))

    def test_contents(self):
        proc = run("dpkg-deb", "-c", self.deb)
        files = {line.split()[-1].lstrip(".") for line in proc.stdout.splitlines()}
        for path in ("/usr/bin/concur-lint", "/usr/bin/concur-lsp", "/usr/bin/clang-tidy-concur",
                     "/usr/lib/libConcurTidyModule.so", "/usr/lib/libconcur.a",
                     "/usr/include/concur/thread_pool.h", "/usr/lib/cmake/concur/concurConfig.cmake",
                     "/usr/lib/pkgconfig/concur.pc", "/usr/share/man/man1/concur-lint.1",
                     "/usr/share/man/man1/concur-lsp.1", "/usr/share/doc/concur-lint/usage.md",
                     "/usr/share/doc/concur-lint/rules/race-shared-global.md"):
            self.assertIn(path, files)
        # Nothing of the build machine's: no build tree, no source tree, no tests.
        for path in files:
            self.assertTrue(path.startswith("/usr/"), path)
        # Stripped: no debug sections in the binaries.
        proc = run("readelf", "-S", os.path.join(self.root, "usr/bin/concur-lint"))
        self.assertNotIn(".debug_info", proc.stdout)

    def test_apt_accepts_it(self):
        if not shutil.which("apt-get"):
            self.skipTest("not a Debian system")
        proc = run("apt-get", "install", "--simulate", "-q", self.deb)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertRegex(proc.stdout, r"(Inst|Conf) concur-lint|concur-lint is already")

    def test_runs_unpacked(self):
        lint = os.path.join(self.root, "usr/bin/concur-lint")
        proc = run(lint, "--version")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stdout, r"^concur-lint \d+\.\d+\.\d+ \(LLVM 19")
        work = os.path.join(self.tmp, "work")
        os.makedirs(work, exist_ok=True)
        with open(os.path.join(work, "race.cpp"), "w") as f:
            f.write(RACE)
        proc = run(lint, "--no-cache", "--format=sarif", "race.cpp", cwd=work)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        sarif = json.loads(proc.stdout)
        results = sarif["runs"][0]["results"]
        self.assertEqual([r["ruleId"] for r in results], ["race-shared-global"])
        rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
        # The installed binary links its findings to the docs installed beside it.
        docs = "file://" + self.root + "/usr/share/doc/concur-lint/"
        self.assertEqual(rules["race-shared-global"]["helpUri"],
                         docs + "rules/race-shared-global.md")
        self.assertEqual(sarif["runs"][0]["tool"]["driver"]["informationUri"], docs + "usage.md")

    def test_lsp_and_man_pages(self):
        proc = run(os.path.join(self.root, "usr/bin/concur-lsp"), "--version")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        if not shutil.which("man"):
            self.skipTest("man is not installed")
        for page in ("concur-lint", "concur-lsp"):
            # Every option --help lists is on the page (generated from it at build time).
            helped = run(os.path.join(self.root, "usr/bin", page), "--help").stdout
            options = [o for o in re.findall(r"^  (-[-\w]+)", helped, re.M)
                       if not o.startswith("--help")]  # llvm::cl's generic ones
            self.assertGreater(len(options), 3, helped)
            proc = run("man", "-l", os.path.join(self.root, f"usr/share/man/man1/{page}.1"),
                       env={**os.environ, "MANWIDTH": "100", "MAN_KEEP_FORMATTING": "0"})
            self.assertEqual(proc.returncode, 0, proc.stderr)
            text = re.sub(".\b", "", proc.stdout)
            self.assertIn("NAME", text)
            self.assertIn(page, text)
            for option in options:
                self.assertIn(option, text, page)

    def test_tidy_wrapper_loads_the_installed_module(self):
        wrapper = os.path.join(self.root, "usr/bin/clang-tidy-concur")
        with open(wrapper) as f:
            script = f.read()
        self.assertIn('$here/../lib/libConcurTidyModule.so', script)
        if not shutil.which("clang-tidy-19"):
            self.skipTest("clang-tidy-19 is not installed")
        proc = run(wrapper, "--checks=concur-*", "--list-checks")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("concur-race-shared-global", proc.stdout)


if __name__ == "__main__":
    unittest.main()
