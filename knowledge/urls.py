from django.urls import path

from knowledge.views.glossary import glossary

app_name = "knowledge"
urlpatterns = [path("", glossary, name="glossary")]
