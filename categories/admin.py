from django.contrib import admin

from categories.models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "level", "title_en", "title_zh"]
    list_filter = ["level"]
    search_fields = ["code", "title_en", "title_zh"]
    readonly_fields = ["code", "level", "prefix", "parent"]
