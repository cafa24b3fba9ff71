from ninja import Router

from matching.catalogue import get_catalogue

router = Router(tags=["dimensions"])


@router.get("", summary="The load/capacity dimensions with their levels and labels")
def dimensions(request):
    return get_catalogue().as_api()
