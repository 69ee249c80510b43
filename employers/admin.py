from django.contrib import admin

from employers.models import Employer, Participation, Position


class PositionInline(admin.TabularInline):
    model = Position
    fields = ["title", "trade", "kind", "openings", "german_level", "is_open"]
    extra = 0


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "size", "contact_name", "email"]
    list_filter = ["size", "trades"]
    search_fields = ["name", "city", "contact_name", "email"]
    filter_horizontal = ["trades"]
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["title", "employer", "trade", "kind", "openings", "german_level", "is_open"]
    list_filter = ["kind", "german_level", "is_open", "trade"]
    search_fields = ["title", "employer__name"]
    list_select_related = ["employer", "trade"]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["employer", "event", "status", "attendees", "table"]
    list_filter = ["status", "event"]
    search_fields = ["employer__name", "event__title"]
    list_select_related = ["employer", "event"]
    filter_horizontal = ["positions"]
