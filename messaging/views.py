from django.core import signing
from django.shortcuts import render

from messaging.models import Reply
from messaging.replies import reply_from_token, reply_record


def reply(request, token):
    try:
        registration, answer = reply_from_token(token)
    except signing.BadSignature:
        return render(request, "messaging/reply_invalid.html", status=404)
    context = {"registration": registration, "answer": answer, "Answer": Reply.Answer}
    if request.method == "POST":
        reply_record(registration=registration, answer=answer)
        return render(request, "messaging/reply_done.html", context)
    return render(request, "messaging/reply_confirm.html", context)
