app_name = "employers"

urlpatterns = []
