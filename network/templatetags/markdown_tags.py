from django import template

from network.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """Member-written Markdown as safe HTML, through the project's one sanitiser."""
    return render_markdown(text)
