from django import template

from aqyl.core.labels import action_label, task_label

register = template.Library()
register.filter("action_label", action_label)
register.filter("task_label", task_label)
