"""The admin for events. Guest capacities, slot capacities and statuses are
changed in the back office (/organise/), where waiting lists move on and
people are told: here they are shown, not edited."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from events.models import Event, Organisation, Session, Slot, Trade, Venue


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["members"]


@admin.register(Trade)
class TradeAdmin(TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "postcode"]
    search_fields = ["name", "city"]


class SessionInline(admin.TabularInline):
    model = Session
    fields = ["kind", "title", "trade", "room"]
    extra = 0
    show_change_link = True


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = ["title", "kind", "status", "starts_at", "venue", "capacity"]
    list_filter = ["status", "kind", "organisations"]
    search_fields = ["title", "slug", "venue__name", "venue__city"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title_de"]}
    filter_horizontal = ["organisations"]
    list_select_related = ["venue"]
    inlines = [SessionInline]

    def get_readonly_fields(self, request, obj=None):
        return ["status", "capacity", "cancelled_at"] if obj else ["status", "cancelled_at"]


class SlotInline(admin.TabularInline):
    model = Slot
    fields = readonly_fields = ["starts_at", "ends_at", "capacity"]
    extra = max_num = 0
    can_delete = False


@admin.register(Session)
class SessionAdmin(TranslationAdmin):
    list_display = ["title", "event", "kind", "trade", "room"]
    list_filter = ["kind", "trade", "event"]
    search_fields = ["title", "event__title", "room"]
    list_select_related = ["event", "trade"]
    inlines = [SlotInline]


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ["session", "starts_at", "ends_at", "capacity"]
    list_filter = ["session__event"]
    search_fields = ["session__title"]
    list_select_related = ["session"]

    def get_readonly_fields(self, request, obj=None):
        return ["capacity"] if obj else []
