"""The search vector has one definition (migration 0011): the trigger and bulk loads both call
notices_search_vector(), so that a notice loaded with COPY is found exactly as a saved one."""

import pytest
from django.db import connection

from tests.notices.factories import AgencyFactory, NoticeFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


@pytest.mark.parametrize(
    ("title", "description"),
    [
        ("Supply of solar water pumps", "Delivery to Nairobi within 60 days."),
        ("太阳能光伏发电系统采购", "交货地点为内罗毕。Delivery within 60 days."),
        ("Laptops", ""),
    ],
)
def test_the_function_gives_the_vector_the_trigger_stored(title, description):
    notice = NoticeFactory(
        agency=AgencyFactory(acronym="BENCHAG", name_zh="测试署"),
        title=title,
        description=description,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT search_vector = notices_search_vector(
                   title, reference, notices_agency_text(agency_id), description),
                   search_vector::text
               FROM notices_notice WHERE id = %s""",
            [notice.pk],
        )
        same, vector = cursor.fetchone()

    assert same
    assert "'benchag'" in vector and "'测试署'" in vector
    if title.startswith("太阳能"):
        assert "'太阳'" in vector and "'光伏'" in vector and "'内罗'" in vector
    else:
        assert "'太阳'" not in vector
