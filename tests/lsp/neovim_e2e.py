"""concur-lsp end to end with a real editor: Debian's Neovim (0.7.2), headless.

Neovim opens a file with a data race and a blocking call in a coroutine, starts concur-lsp
with vim.lsp.start_client (0.7 has no vim.lsp.start) and attaches it to the buffer, waits for
both diagnostics, asks for the code actions of the race, applies the quick fix with
vim.lsp.util.apply_workspace_edit, and reports the buffer's text and the diagnostics that
follow. This script checks what Neovim reports, that the fixed text compiles, and that the
file on disk was not touched (the fix edits the buffer). Every wait is bounded.

    python3 neovim_e2e.py path/to/concur-lsp
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap

# A pthread and main race on `total`; a coroutine calls sleep(). Small headers: fast to parse.
DEMO = textwrap.dedent("""\
    #include <coroutine>
    #include <pthread.h>
    #include <unistd.h>

    struct Task {
      struct promise_type {
        Task get_return_object() { return {}; }
        std::suspend_never initial_suspend() noexcept { return {}; }
        std::suspend_never final_suspend() noexcept { return {}; }
        void return_void() {}
        void unhandled_exception() {}
      };
    };

    long total = 0;

    static void *add(void *) {
      total += 1;
      return nullptr;
    }

    Task poll_later() {
      sleep(1);
      co_return;
    }

    int main() {
      pthread_t t;
      pthread_create(&t, nullptr, add, nullptr);
      total += 2;
      pthread_join(t, nullptr);
      poll_later();
      return static_cast<int>(total);
    }
    """)

LUA = r"""
local LSP, FILE, ROOT, RESULT = unpack(vim.g.concur_args)
local out = { steps = {} }
local function step(s) table.insert(out.steps, s) end
local function finish(code)
  local f = io.open(RESULT, 'w')
  f:write(vim.fn.json_encode(out))
  f:close()
  vim.cmd('cquit ' .. code)
end

local function codes(bufnr)
  local seen = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'concur-lint' and d.code then seen[d.code] = d end
  end
  return seen
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'concur-lsp',
    cmd = { LSP, '--debounce-ms=100' },
    root_dir = ROOT,
  })
  assert(client_id, 'vim.lsp.start_client failed')
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'buf_attach_client failed')
  step('attached')

  local got = vim.wait(60000, function()
    local c = codes(bufnr)
    return c['race-shared-global'] ~= nil and c['coro-blocking-call'] ~= nil
  end, 50)
  assert(got, 'no diagnostics for the race and the blocking call within 60 s')
  local c = codes(bufnr)
  local race = c['race-shared-global']
  local lsp_race = race.user_data.lsp
  out.race = { lnum = race.lnum, col = race.col, message = race.message,
               severity = race.severity,
               href = lsp_race.codeDescription and lsp_race.codeDescription.href,
               related = lsp_race.relatedInformation and #lsp_race.relatedInformation or 0 }
  out.blocking = { lnum = c['coro-blocking-call'].lnum, message = c['coro-blocking-call'].message }
  step('diagnostics')

  -- The request vim.lsp.buf.code_action() would make with the cursor on the race: the range in
  -- the client's offset encoding, the line's diagnostics in LSP form.
  local client = vim.lsp.get_client_by_id(client_id)
  local params = vim.lsp.util.make_given_range_params({ race.lnum + 1, race.col },
    { race.end_lnum + 1, race.end_col }, bufnr, client.offset_encoding)
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, race.lnum) }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 20000)
  assert(responses, 'no answer to textDocument/codeAction within 20 s')
  local action
  for _, r in pairs(responses) do
    assert(not r.err, 'codeAction error: ' .. vim.inspect(r.err))
    for _, a in ipairs(r.result or {}) do
      if a.kind == 'quickfix' and a.edit then action = action or a end
    end
  end
  assert(action, 'no quickfix action for the race: ' .. vim.inspect(responses))
  out.title = action.title
  vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
  out.text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
  out.modified = vim.bo[bufnr].modified
  step('applied')

  -- The edit reaches the server as didChange: the race goes, the blocking call stays.
  local settled = vim.wait(60000, function()
    local now = codes(bufnr)
    return now['race-shared-global'] == nil and now['coro-blocking-call'] ~= nil
  end, 50)
  assert(settled, 'the diagnostics did not follow the fix within 60 s')
  step('updated')

  vim.lsp.stop_client(client_id)
  vim.wait(10000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
  step('stopped')
end)
if not ok then
  out.error = tostring(err)
  finish(1)
else
  finish(0)
end
"""


def main():
    lsp = os.path.abspath(sys.argv[1])
    nvim = shutil.which("nvim")
    if not nvim:
        print("neovim_e2e: nvim not found (scripts/install-deps.sh installs Debian's neovim)")
        return 1
    work = tempfile.mkdtemp(prefix="concur-nvim-")
    try:
        demo = os.path.join(work, "demo.cpp")
        with open(demo, "w") as f:
            f.write(DEMO)
        script = os.path.join(work, "test.lua")
        with open(script, "w") as f:
            f.write(LUA)
        result = os.path.join(work, "result.json")
        env = dict(os.environ, HOME=work, XDG_CONFIG_HOME=os.path.join(work, "config"),
                   XDG_DATA_HOME=os.path.join(work, "data"),
                   XDG_STATE_HOME=os.path.join(work, "state"),
                   XDG_CACHE_HOME=os.path.join(work, "cache"))
        args = [nvim, "--headless", "--clean", "-n", "-i", "NONE",
                "--cmd", "let g:concur_args = " + json.dumps([lsp, demo, work, result]),
                "-c", "luafile " + script]
        try:
            proc = subprocess.run(args, cwd=work, env=env, stdin=subprocess.DEVNULL,
                                  capture_output=True, text=True, timeout=150)
        except subprocess.TimeoutExpired:
            print("neovim_e2e: FAIL: Neovim did not finish within 150 s")
            return 1
        if not os.path.exists(result):
            print("neovim_e2e: FAIL: no result (exit %d)\n%s\n%s" %
                  (proc.returncode, proc.stdout, proc.stderr))
            return 1
        with open(result) as f:
            out = json.load(f)
        print(json.dumps(out, indent=2))
        failures = []
        if proc.returncode != 0 or "error" in out:
            failures.append("Neovim reported: %s (exit %d)" % (out.get("error"), proc.returncode))
        else:
            race = out["race"]
            if race["lnum"] != 17:  # 0-based: `  total += 1;`
                failures.append("race diagnostic on line %d, expected 17" % race["lnum"])
            if not (race["href"] or "").endswith("rules/race-shared-global.md"):
                failures.append("no rule documentation link: %r" % race["href"])
            if race["related"] < 1:
                failures.append("no related information (the other access)")
            if out["blocking"]["lnum"] != 22:  # `  sleep(1);`
                failures.append("blocking-call diagnostic on line %d, expected 22" %
                                out["blocking"]["lnum"])
            text = out["text"]
            if "std::atomic<long> total" not in text or "#include <atomic>" not in text:
                failures.append("the quick fix did not make `total` atomic:\n" + text)
            if not out["modified"]:
                failures.append("the buffer is not modified after the fix")
            with open(demo) as f:
                if f.read() != DEMO:
                    failures.append("the file on disk changed: the fix must edit the buffer")
            fixed = os.path.join(work, "fixed.cpp")
            with open(fixed, "w") as f:
                f.write(text)
            compiler = shutil.which("clang++-19") or "clang++"
            built = subprocess.run([compiler, "-std=c++20", "-pthread", "-fsyntax-only", fixed],
                                   capture_output=True, text=True, timeout=60)
            if built.returncode != 0:
                failures.append("the fixed text does not compile:\n" + built.stderr)
            if out["steps"][-1] != "stopped":
                failures.append("the server did not stop: steps %s" % out["steps"])
        if failures:
            print("neovim_e2e: FAIL\n  " + "\n  ".join(failures))
            print(proc.stderr[-4000:])
            return 1
        print("neovim_e2e: ok (%s)" % out["title"])
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
