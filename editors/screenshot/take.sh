#!/usr/bin/env bash
# Takes the README's screenshot (docs/editor-neovim.png): Neovim in tmux,
# its built-in LSP client on `edict lsp`, a draft with a typo (the
# checker's diagnostic) and the hover of a rule (render's sentence).
# Needs nvim, tmux and python3-pil (Debian); not run by CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${EDICT_BIN:-}"
if [[ -z "$bin" ]]; then
  cargo build --quiet
  bin="$PWD/target/debug/edict"
fi
work=$(mktemp -d)
trap 'tmux kill-session -t edict-shot 2>/dev/null || true; rm -rf "$work"' EXIT
cat > "$work/draft-holmium.edict" <<'EDICT'
# Draft: a licence for holmium metal, and holmium in No. 61 Annex 1.
policy draft-holmium
  title "Draft: holmium"
  authority "Hypothetical draft"
  jurisdiction CN
  issued 2026-11-15

amendment add-holmium "Annex 1, Part 1"
  extends cn-mofcom-2025-61.part-l with any metal of Ho
  from 2026-12-01

rule holmium-exports "Art. 2"
  in force from 2026-12-01
  outcome licence-required
  when the item is in cn-mofcom-2025-61.part-1
   and the destination is outside CN
EDICT
cat > "$work/init.lua" <<LUA
vim.cmd("syntax on")
vim.cmd("highlight NormalFloat ctermbg=237 ctermfg=253")
vim.cmd("highlight DiagnosticVirtualTextError ctermfg=203")
vim.opt.number = true
vim.opt.signcolumn = "yes"
vim.cmd("autocmd BufRead,BufNewFile *.edict setfiletype edict")
vim.cmd("autocmd FileType edict lua EdictStart()")
function EdictStart()
  local id = vim.lsp.start_client({ name = "edict", cmd = { "$bin", "lsp" }, root_dir = "$work" })
  vim.lsp.buf_attach_client(0, id)
end
LUA
tmux new-session -d -s edict-shot -x 110 -y 34 \
  "cd $work && env TERM=xterm-256color nvim -n -i NONE -u init.lua draft-holmium.edict"
sleep 4
# The cursor on the rule's name, then the hover.
tmux send-keys -t edict-shot "12G" "6|"
sleep 1
tmux send-keys -t edict-shot ":lua vim.lsp.buf.hover()" Enter
sleep 3
tmux capture-pane -e -p -t edict-shot > "$work/screen.txt"
/usr/bin/python3 editors/screenshot/ansi_png.py "$work/screen.txt" docs/editor-neovim.png 110 34
echo "wrote docs/editor-neovim.png"
