"""Spatial coverage in kk/ru/en (the old single text becomes the Kazakh one), and withdrawal:
when, by whom and why a dataset left the catalog. The search indexes gain `withdrawn_at` so
they still cover the catalog's listing query."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(
            model_name='dataset',
            old_name='spatial_coverage',
            new_name='spatial_coverage_kk',
        ),
        migrations.AlterField(
            model_name='dataset',
            name='spatial_coverage_kk',
            field=models.CharField(blank=True, max_length=300, verbose_name='spatial coverage in Kazakh'),
        ),
        migrations.AddField(
            model_name='dataset',
            name='spatial_coverage_ru',
            field=models.CharField(blank=True, max_length=300, verbose_name='spatial coverage in Russian'),
        ),
        migrations.AddField(
            model_name='dataset',
            name='spatial_coverage_en',
            field=models.CharField(blank=True, max_length=300, verbose_name='spatial coverage in English'),
        ),
        migrations.AddField(
            model_name='dataset',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='withdrawn'),
        ),
        migrations.AddField(
            model_name='dataset',
            name='withdrawn_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='withdrawn by'),
        ),
        migrations.AddField(
            model_name='dataset',
            name='withdrawal_reason',
            field=models.TextField(blank=True, verbose_name='reason for withdrawal'),
        ),
        migrations.RemoveIndex(
            model_name='dataset',
            name='dataset_facets',
        ),
        migrations.RemoveIndex(
            model_name='dataset',
            name='dataset_recent',
        ),
        migrations.AddIndex(
            model_name='dataset',
            index=models.Index(fields=['access_level', 'organisation', 'sector', 'format', 'licence', 'update_frequency', 'quality_score', 'withdrawn_at'], name='dataset_listed_facets'),
        ),
        migrations.AddIndex(
            model_name='dataset',
            index=models.Index(fields=['updated_at', 'access_level', 'withdrawn_at'], name='dataset_listed_recent'),
        ),
    ]
