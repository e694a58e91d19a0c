-- The Neovim end-to-end test (tests/neovim.rs runs it): Neovim's built-in
-- LSP client attached to `edict lsp`, a policy with a typo opened, and the
-- diagnostic and a hover read back into a file. Written for Neovim 0.7
-- (Debian's) and later: start_client + buf_attach_client.
local bin = os.getenv("EDICT_BIN")
local file = os.getenv("EDICT_FILE")
local out = os.getenv("EDICT_OUT")
local hover_line = tonumber(os.getenv("EDICT_HOVER_LINE"))
local hover_col = tonumber(os.getenv("EDICT_HOVER_COL"))
local lines = {}
local function say(s)
  table.insert(lines, (s:gsub("\n", " | ")))
end

vim.cmd("edit " .. vim.fn.fnameescape(file))
vim.bo.filetype = "edict"
local id = vim.lsp.start_client({
  name = "edict",
  cmd = { bin, "lsp" },
  root_dir = vim.fn.fnamemodify(file, ":p:h"),
})
vim.lsp.buf_attach_client(0, id)

local got = vim.wait(30000, function()
  return #vim.diagnostic.get(0) > 0
end, 50)
say("diagnostics " .. tostring(got))
for _, d in ipairs(vim.diagnostic.get(0)) do
  local lsp = d.user_data and d.user_data.lsp or {}
  say(string.format("diagnostic %d:%d %s %s", d.lnum, d.col, tostring(d.code or lsp.code), d.message))
end

local params = {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  position = { line = hover_line, character = hover_col },
}
local answers = vim.lsp.buf_request_sync(0, "textDocument/hover", params, 30000) or {}
for _, a in pairs(answers) do
  if a.result and a.result.contents then
    say("hover " .. (a.result.contents.value or ""))
  elseif a.err then
    say("hover error " .. vim.inspect(a.err))
  end
end

vim.fn.writefile(lines, out)
vim.lsp.stop_client(id)
vim.wait(5000, function()
  return vim.lsp.get_client_by_id(id) == nil
end, 50)
vim.cmd("qall!")
