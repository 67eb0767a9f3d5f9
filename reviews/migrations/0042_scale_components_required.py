import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reviews", "0041_scale_components_filled")]

    operations = [
        migrations.AlterField(
            model_name="scaleband",
            name="component",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="bands",
                to="reviews.scalecomponent",
            ),
        ),
        migrations.AlterField(
            model_name="scaleitem",
            name="component",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="items",
                to="reviews.scalecomponent",
            ),
        ),
    ]
