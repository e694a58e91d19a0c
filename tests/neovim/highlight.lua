-- Headless Neovim with the tree-sitter parser and queries installed by the
-- README's commands (under $XDG_DATA_HOME, which tests/neovim.rs points at
-- a temporary folder): open $EDICT_FILE, parse it, start highlighting, and
-- write each highlight capture to $EDICT_OUT as `capture row:col name text`.
local out = {}
local function say(line) table.insert(out, line) end
local function finish()
  vim.fn.writefile(out, os.getenv("EDICT_OUT"))
  vim.cmd("qa!")
end

local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("EDICT_FILE")))
  vim.bo.filetype = "edict"
  -- Found on 'runtimepath' (parser/edict.so), as an installed parser is.
  local parser = vim.treesitter.get_parser(0, "edict")
  local root = parser:parse()[1]:root()
  say("has_error " .. tostring(root:has_error()))
  -- 0.9 renamed query.get_query to query.get, and query.get_node_text to get_node_text.
  local get_query = vim.treesitter.query.get or vim.treesitter.query.get_query
  local text_of = vim.treesitter.get_node_text or vim.treesitter.query.get_node_text
  local query = get_query("edict", "highlights")
  for id, node in query:iter_captures(root, 0, 0, -1) do
    local row, col = node:start()
    say(string.format("capture %d:%d %s %s", row, col, query.captures[id], text_of(node, 0)))
  end
  local folds = get_query("edict", "folds")
  say("folds " .. tostring(folds ~= nil))
  if vim.treesitter.start then
    vim.treesitter.start(0, "edict")
  else
    vim.treesitter.highlighter.new(parser)
  end
  say("highlighting started")
end)
if not ok then say("error " .. tostring(err)) end
finish()
