// Usage texts for `mlguard --help` and `mlguard <command> --help`.
export const MAIN_HELP = `MLGuard: compliance checks for Python ML code and notebooks.

Usage: mlguard <command> [options]

Commands:
  audit [PATH...]     Analyse .py/.pyw files and .ipynb notebooks (default: the current folder)
  rules               List the rules: ID, name, default severity, fix availability, title
  explain <ID|name>   Show a rule's documentation
  verify              Check the threat model and GDPR checklist files
  report              Write the compliance report
  server --stdio      Run the language server for editors (docs/editors.md)

Options:
  -h, --help          Show help (also: mlguard <command> --help)
  -V, --version       Print the version

Exit codes: 0 no findings at or above --fail-on, 1 findings at or above --fail-on,
2 usage, configuration or input errors.
`;

export const AUDIT_HELP = `Usage: mlguard audit [PATH...] [options]

Analyses Python files (.py, .pyw) and Jupyter notebooks (.ipynb). Folders are walked
recursively, skipping .git, node_modules, virtual environments, caches, paths ignored
by .gitignore and the config's exclude globs. Files named explicitly are always analysed.

Options:
  -f, --format FORMAT       text (default), json, sarif or markdown
  -o, --output FILE         Write the report to FILE instead of standard output
      --fail-on LEVEL       Exit 1 when a finding is at or above LEVEL:
                            error, warning (default), note, or never
      --fix                 Apply safe fixes in place, then report what is left
      --unsafe-fixes        With --fix, also apply unsafe fixes (review the diff)
  -c, --config FILE         Use this mlguard.toml / pyproject.toml for every file
                            (default: the nearest one above each file)
      --ignore-suppressions Report findings hidden by "# mlguard: ignore[...]" pragmas
                            (and by --baseline)
      --baseline FILE       Findings listed in FILE count as accepted: fail only on new ones
      --write-baseline FILE Write the current findings to FILE as a baseline, exit 0
      --force-exclude       Apply exclude globs and .gitignore to explicitly named files too
      --no-gitignore        Do not read .gitignore files
      --max-file-size MB    Skip files larger than MB megabytes (default 10)
      --no-progress         Never show the progress line (it only appears on a terminal)
      --diff REF            Only files changed since the merge base of REF and HEAD (committed,
                            staged, unstaged or untracked), e.g. --diff origin/main in a pull request
      --changed             Only files changed in the working tree (staged, unstaged, untracked)
      --file-timeout S      Skip a file whose analysis takes longer than S seconds (default 60)
  -j, --jobs N              Analyse in N worker threads (default: CPUs, at most 4); each worker's
                            memory is capped and a file over it is skipped with a note
  -q, --quiet               Print only the finding lines (text) or the report; no warnings
  -h, --help                Show this help

Examples:
  mlguard audit src/ notebooks/
  mlguard audit --format sarif --output mlguard.sarif
  mlguard audit --fix --fail-on error
`;

export const RULES_HELP = `Usage: mlguard rules [--format text|json] [--write-docs DIR]

Lists every rule: ID, name, default severity, fix availability and title.

Options:
  -f, --format FORMAT   text (default) or json
      --write-docs DIR  Write DIR/<ID>.md for every rule and DIR/README.md (an index);
                        the SARIF helpUri points at docs/rules/<ID>.md
  -h, --help            Show this help
`;

export const EXPLAIN_HELP = `Usage: mlguard explain <ID|name> [--format text|markdown]

Shows a rule's documentation: what it does, why it matters, an example, the fix, references.

Options:
  -f, --format FORMAT   text (default) or markdown
  -h, --help            Show this help
`;
