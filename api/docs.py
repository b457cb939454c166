"""The browsable documentation (Swagger UI), served from this server under our strict CSP.

Assets come from drf-spectacular-sidecar through /static/; the page has no inline script
or style: the initialising script is a second same-origin request (`?script`, drf-
spectacular's split view) and the few page styles are a static file.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView


class DocsView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
