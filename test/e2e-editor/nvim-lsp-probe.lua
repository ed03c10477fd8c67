-- Headless Neovim as an independent LSP client: start a stdio language server, open one
-- file, wait for diagnostics, request hovers, print everything as one JSON object.
-- Works with Neovim 0.7 (Debian bookworm) and newer: uses vim.lsp.start_client +
-- buf_attach_client (vim.lsp.start only exists from 0.8). Driven by neovim.test.ts.
--
-- Run:
--   LSP_CMD='["node","server.js","--stdio"]' LSP_FILE=x.loss LSP_FILETYPE=loss \
--   LSP_HOVER='2:7,3:8' nvim --headless --clean -n -c 'luafile nvim-lsp-probe.lua'
-- Env:
--   LSP_CMD          JSON array: the server command (required)
--   LSP_FILE         file to open (required)
--   LSP_FILETYPE     filetype / languageId sent in didOpen (default: the file's extension)
--   LSP_ROOT         root_dir (default: the file's folder)
--   LSP_HOVER        comma-separated 1-based line:col positions to hover (optional)
--   LSP_MIN_DIAGS    wait until at least this many diagnostics arrived (default 1)
--   LSP_TIMEOUT_MS   per-wait timeout (default 15000)
--   LSP_OUT          write the JSON here instead of stdout (optional)
local function env(name, default)
  local v = os.getenv(name)
  if v == nil or v == '' then return default end
  return v
end

local result = { ok = false, nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch,
  has_lsp_start = vim.lsp.start ~= nil, has_lsp_start_client = vim.lsp.start_client ~= nil,
  diagnostics = {}, hovers = {}, errors = {} }
local t0 = vim.loop.hrtime()
local function ms() return math.floor((vim.loop.hrtime() - t0) / 1e6) end

local function finish(code)
  result.ms = ms()
  local json = vim.fn.json_encode(result)
  local out = env('LSP_OUT', nil)
  if out then
    local f = assert(io.open(out, 'w')); f:write(json, '\n'); f:close()
  else
    io.stdout:write(json, '\n')
  end
  io.stdout:flush()
  os.exit(code)
end

local ok, err = pcall(function()
  local cmd = vim.fn.json_decode((assert(env('LSP_CMD', nil), 'LSP_CMD is required')))
  local file = vim.fn.fnamemodify((assert(env('LSP_FILE', nil), 'LSP_FILE is required')), ':p')
  local timeout = tonumber(env('LSP_TIMEOUT_MS', '15000'))
  local min_diags = tonumber(env('LSP_MIN_DIAGS', '1'))

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.api.nvim_buf_set_option(bufnr, 'filetype', env('LSP_FILETYPE', vim.fn.fnamemodify(file, ':e')))

  -- Count publishDiagnostics notifications, so that LSP_MIN_DIAGS=0 still waits for the
  -- server's first (possibly empty) publish for this file.
  local publishes = 0
  local orig = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, res, ctx, config)
    if res and vim.uri_to_fname(res.uri) == file then publishes = publishes + 1 end
    return orig(err, res, ctx, config)
  end

  local exited = false
  local client_id = vim.lsp.start_client({
    name = 'probe',
    cmd = cmd,
    root_dir = env('LSP_ROOT', vim.fn.fnamemodify(file, ':h')),
    on_exit = function(code, signal) exited = true; result.server_exit = { code = code, signal = signal } end,
  })
  assert(client_id, 'start_client failed for ' .. table.concat(cmd, ' '))
  vim.lsp.buf_attach_client(bufnr, client_id)

  local client
  assert(vim.wait(timeout, function()
    client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and (client.initialized or client.server_capabilities ~= nil) or exited
  end, 20), 'server did not initialize')
  assert(not exited, 'server exited during initialize')
  result.initialize_ms = ms()
  result.server_capabilities = { hoverProvider = (client.server_capabilities or {}).hoverProvider ~= nil
    and (client.server_capabilities or {}).hoverProvider ~= false }

  local got = vim.wait(timeout, function()
    return publishes > 0 and #vim.diagnostic.get(bufnr) >= min_diags
  end, 20)
  if not got then
    table.insert(result.errors, 'timed out waiting for ' .. min_diags .. ' diagnostics (publishes: ' .. publishes .. ')')
  end
  result.publishes = publishes
  result.diagnostics_ms = ms()
  local sev = { [1] = 'error', [2] = 'warning', [3] = 'information', [4] = 'hint' }
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, { line = d.lnum + 1, col = d.col + 1, end_line = d.end_lnum + 1,
      end_col = d.end_col + 1, severity = sev[d.severity] or d.severity, message = d.message, source = d.source })
  end
  table.sort(result.diagnostics, function(a, b) return a.line < b.line or (a.line == b.line and a.col < b.col) end)

  for spec in string.gmatch(env('LSP_HOVER', ''), '[^,]+') do
    local l, c = spec:match('^%s*(%d+):(%d+)%s*$')
    assert(l, 'bad LSP_HOVER entry ' .. spec)
    local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      position = { line = tonumber(l) - 1, character = tonumber(c) - 1 } }
    local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, timeout)
    local text = vim.NIL
    for _, r in pairs(responses or {}) do
      if r.error then table.insert(result.errors, 'hover ' .. spec .. ': ' .. vim.inspect(r.error)) end
      if r.result and r.result.contents then
        local lines = vim.lsp.util.convert_input_to_markdown_lines(r.result.contents)
        text = table.concat(lines, '\n')
      end
    end
    table.insert(result.hovers, { line = tonumber(l), col = tonumber(c), text = text })
  end

  vim.lsp.stop_client(client_id)
  vim.wait(3000, function() return exited end, 20)
  result.ok = #result.errors == 0
end)
if not ok then table.insert(result.errors, tostring(err)) end
finish(result.ok and 0 or 1)
