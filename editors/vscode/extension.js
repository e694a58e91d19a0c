// The edict extension: starts `edict lsp` and connects VS Code to it.
// Everything the editor shows (diagnostics, hovers, completion, formatting)
// comes from the server; this file only launches it.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("edict").get("path") || "edict";
  const server = { command, args: ["lsp"] };
  client = new LanguageClient(
    "edict",
    "edict",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "edict" }],
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher("**/*.edict"),
      },
    }
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
