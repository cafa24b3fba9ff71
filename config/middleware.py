from django.conf import settings
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class LanguageMiddleware:
    """Dutch unless the visitor chose another language with the language switch (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; our users expect
    the Dutch site by default and switch explicitly. API clients are programs, not browsers: for
    /api/ the Accept-Language header chooses the language of messages and explanations.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported and request.path.startswith("/api/"):
            language = translation.get_language_from_request(request)
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class CmsPreviewFramingMiddleware:
    """Allow same-origin framing only inside the CMS, where Wagtail's live preview needs it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/cms/"):
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response


class PrivatePagesMiddleware:
    """Personal responses are never stored by a browser or a proxy (`Cache-Control: private, no-store`).

    Personal means: a logged-in person's page (capacity, cases, reports, the access log, searches
    with a stored profile), any response to a POST (it may echo capacity from the body, as the
    search API does), and an anonymous visitor's page while their session holds something, such as
    the sealed self-assessment behind the search page. Public pages for anonymous visitors stay
    cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated or request.method not in ("GET", "HEAD") or request.session.keys():
            add_never_cache_headers(response)
        return response
