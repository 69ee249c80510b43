import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """The services' refusals read in English here; pages pick their own
    language from the request as always."""
    with translation.override("en"):
        yield
