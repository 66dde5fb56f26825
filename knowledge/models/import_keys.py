"""The stable keys of imported items, so that importing the same file again updates."""

from django.contrib.contenttypes.models import ContentType
from django.db import models


class ImportedObject(models.Model):
    key = models.CharField(max_length=200, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    checksum = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.key

    def get_object(self):
        return self.content_type.get_object_for_this_type(pk=self.object_id)
