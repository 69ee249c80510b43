from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from employers import services
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
    actions = ["approve", "decline"]

    def _decide(self, request, queryset, decide):
        done = 0
        for participation in queryset:
            try:
                decide(participation=participation, decided_by=request.user)
            except services.ParticipationNotAllowed:
                self.message_user(
                    request,
                    _("%(employer)s has withdrawn; nothing changed.")
                    % {"employer": participation.employer},
                    messages.WARNING,
                )
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(count)d request decided.", "%(count)d requests decided.", done)
            % {"count": done},
        )

    @admin.action(description=_("Approve the selected requests and tell the employers"))
    def approve(self, request, queryset):
        self._decide(request, queryset, services.participation_approve)

    @admin.action(description=_("Decline the selected requests and tell the employers"))
    def decline(self, request, queryset):
        self._decide(request, queryset, services.participation_decline)
