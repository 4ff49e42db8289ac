"""The mechanisms every app shares and that know nothing of the domain.

Nothing here imports from `portal`, `suppliers`, `notices` or `accounts`: an app hands these
functions its own limits, kinds and messages, and they apply them the same way everywhere.

- `core.archives`: an office document (a ZIP) judged by its directory, never unpacked (zip bombs).
- `core.bilingual`: the English or the Chinese text, in the reader's language.
- `core.downloads`: a private file sent as a download (never shown inline, never cached).
- `core.forms`: a domain function's ValidationError shown on a form.
- `core.spreadsheets`: CSV tables whose cells never run as formulas in a spreadsheet program.
- `core.uploads`: an uploaded file checked for its size and its real kind, judged by its content.
"""
