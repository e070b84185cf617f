"""The Gradio UI for marketers: Chat, Gallery, Templates and Batch tabs under a status line.

`build_ui(settings, session)` (app.py) returns the Blocks that `ui.server.create_app` mounts at `/`.
Each tab is a module and calls the service the CLI and the API call (agent/service.py): `handle`
(chat.py), `search` and `add_images` (gallery.py), the template functions (templates.py),
`BatchService` (batches.py); common.py holds what they share.

Files reach the browser through Gradio's file route, `gradio_api/file=<absolute path>`: the output,
gallery and asset folders are registered as static paths, so posters are served in place (no copy
per view) and a link written into a chat message stays valid. `allowed_paths(settings)` lists the
same folders for a caller that mounts with `allowed_paths=`.
"""
from ui.web.app import build_ui
from ui.web.common import allowed_paths

__all__ = ["allowed_paths", "build_ui"]
