"""Publishing: audiences, the render context, Markdown, charts, brand and the build."""
