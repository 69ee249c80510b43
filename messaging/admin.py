from django.contrib import admin

from messaging.models import Batch, Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["kind", "channel", "recipient", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "channel", "kind", "event"]
    search_fields = ["recipient", "subject"]
    list_select_related = ["event"]
    raw_id_fields = ["applicant", "employer", "batch"]


@admin.register(Batch)
class BatchAdmin(admin.ModelAdmin):
    list_display = ["kind", "event", "total", "skipped", "created_at"]
    list_filter = ["kind", "event"]
