"""Request hygiene.

- `RejectNulMiddleware`: an address or query string with a NUL character is answered 400.
  No page needs one, and PostgreSQL refuses NUL in any text it is asked to compare, so such a
  request would otherwise end as a server error deep in whatever view it reached.
"""

from django.core.exceptions import BadRequest
from django.http import HttpRequest


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if "\x00" in request.path_info or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("The address contains a NUL character.")
        return self.get_response(request)

