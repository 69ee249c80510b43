"""The admin for applicants. Registrations and bookings change only through
the services (the back office, the personal page), which keep capacities
and waiting lists right: here they are shown, not added or re-statused."""

from django.contrib import admin

from applicants.models import Applicant, Booking, Registration, RetentionLog


class RegistrationInline(admin.TabularInline):
    model = Registration
    fields = readonly_fields = ["event", "status", "checked_in_at"]
    extra = max_num = 0
    can_delete = False
    show_change_link = True


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "email", "phone", "language", "german_level"]
    list_filter = ["language", "german_level", "needs_interpreter", "trades"]
    search_fields = ["first_name", "last_name", "email", "phone"]
    filter_horizontal = ["trades"]
    inlines = [RegistrationInline]


class BookingInline(admin.TabularInline):
    model = Booking
    fields = readonly_fields = ["slot", "status", "created_at"]
    extra = max_num = 0
    can_delete = False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["applicant", "event", "status", "code", "created_at", "checked_in_at"]
    list_filter = ["status", "event"]
    search_fields = ["applicant__first_name", "applicant__last_name", "applicant__email", "code"]
    list_select_related = ["applicant", "event"]
    raw_id_fields = ["applicant"]
    readonly_fields = ["event", "status", "code", "checked_in_at"]
    inlines = [BookingInline]

    def has_add_permission(self, request):
        return False


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["registration", "slot", "status", "created_at", "promoted_at"]
    list_filter = ["status", "slot__session__event"]
    search_fields = ["registration__applicant__last_name", "slot__session__title"]
    list_select_related = ["registration__applicant", "registration__event", "slot__session"]
    readonly_fields = ["registration", "slot", "status", "promoted_at"]

    def has_add_permission(self, request):
        return False


@admin.register(RetentionLog)
class RetentionLogAdmin(admin.ModelAdmin):
    list_display = ["ran_at", "retention_days", "cutoff", "applicants_anonymised"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
