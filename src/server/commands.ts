// The language server's workspace/executeCommand IDs: one list for the server and its VS Code
// client (this module imports nothing, so the client can use it without bundling the engine).
export const COMMANDS = {
  suppress: 'mlguard.server.suppress',
  showDocumentation: 'mlguard.server.showDocumentation',
  fixAll: 'mlguard.server.fixAll',
  auditWorkspace: 'mlguard.server.auditWorkspace',
} as const;
