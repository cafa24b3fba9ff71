from django.conf import settings
from django.utils import translation


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
