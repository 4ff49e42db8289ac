from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CategoriesConfig(AppConfig):
    """The ground floor's reference data: the UNSPSC codes and their titles. It imports no other app
    of the portal."""

    name = "categories"
    verbose_name = _("UNSPSC categories")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from categories.search import forget_search_index

        # Derived data, the one concern signals are for: the search's index of the titles is out
        # of date when a category is saved or deleted (the admin), or data migrations loaded some.
        for signal in (post_save, post_delete):
            signal.connect(
                forget_search_index, sender="categories.Category", dispatch_uid=f"search.{signal}"
            )
        post_migrate.connect(forget_search_index, dispatch_uid="search.post_migrate")
