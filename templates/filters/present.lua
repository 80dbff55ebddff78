--[[
present.lua: accessibility touches that pandoc's writers do not make by themselves. Runs
after sanitize.lua (always the packaged copy), so it sees only what survived sanitising.

* Figures: a chart's long description (its `fig-alt` attribute, plain text) becomes the
  image's own text alternative. Pandoc would otherwise put the caption in `alt` and the
  description in `data-fig-alt`, which screen readers ignore. HTML gets it as `alt`, DOCX and
  PPTX as the picture's description; for Typst (PDF) the figure is written here with
  `image(..., alt: ...)`, which pandoc's Typst writer does not emit, so the PDF's tag tree
  carries it (PDF/UA-1 requires it).
* Divs (Typst): the leaflet's pieces, fenced divs with the classes in TYPST_PIECES, become
  calls of the Typst template's functions of the same purpose (lws-fit, lws-panel…).
* Tables (HTML): every body cell gets a `data-label` naming its column, so on a narrow
  screen the stylesheet can reflow each row into a labelled card instead of clipping it.
]]

local function typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

-- An image's width or height (validated by sanitize.lua: a number with a unit, or per cent).
local TYPST_UNITS = { cm = true, mm = true, ["in"] = true, pt = true, em = true }

local function typst_size(img)
  local out = ""
  for _, key in ipairs({ "width", "height" }) do
    local value = img.attributes[key]
    local unit = value and value:match("^%d+%.?%d*(%a%a)$")
    if value and (value:match("^%d+%.?%d*%%$") or TYPST_UNITS[unit]) then
      out = out .. ", " .. key .. ": " .. value
    end
  end
  return out
end

-- Typst: an image outside a figure (a signature, the leaflet's image) with its alt text,
-- which pandoc's Typst writer drops (PDF/UA-1 requires it).
local function typst_image(img)
  if FORMAT ~= "typst" then
    return nil
  end
  local alt = pandoc.utils.stringify(img.caption)
  return pandoc.RawInline("typst", "#box(image(" .. typst_string(img.src) .. typst_size(img)
    .. ", alt: " .. typst_string(alt) .. "))")
end

local function long_description(figure)
  local found
  figure:walk({
    Image = function(img)
      found = found or img.attributes["fig-alt"]
    end,
  })
  return found
end

local function typst_figure(figure, alt)
  local image
  figure:walk({
    Image = function(img)
      image = image or img
    end,
  })
  local caption = pandoc.write(pandoc.Pandoc(figure.caption.long), "typst")
  local label = figure.identifier ~= "" and ("\n<" .. figure.identifier .. ">") or ""
  local code = "#figure(image(" .. typst_string(image.src) .. typst_size(image)
    .. ", alt: " .. typst_string(alt)
    .. "),\n  caption: [" .. caption:gsub("%s+$", "") .. "]\n)" .. label
  return pandoc.RawBlock("typst", code)
end

local function figure(el)
  local alt = long_description(el)
  if not alt then
    return nil
  end
  if FORMAT == "typst" then
    return typst_figure(el, alt)
  end
  return el:walk({
    Image = function(img)
      img.caption = pandoc.Inlines(alt)
      img.attributes["fig-alt"] = nil
      return img
    end,
  })
end

-- Typst: a table of up to KEEP_WHOLE rows is kept on one page (no row stranded at a page
-- foot); a longer one may break, its header row repeated on each page.
local KEEP_WHOLE = 8

local function keep_whole(tbl)
  local rows = 0
  for _, body in ipairs(tbl.bodies) do
    rows = rows + #body.body
  end
  if rows > KEEP_WHOLE then
    return nil
  end
  return pandoc.Blocks({
    pandoc.RawBlock("typst", "#block(breakable: false, width: 100%)["),
    tbl,
    pandoc.RawBlock("typst", "]"),
  })
end

local function label_cells(tbl)
  if FORMAT == "typst" then
    return keep_whole(tbl)
  end
  if not FORMAT:match("html") then
    return nil
  end
  local names = {}
  local head = tbl.head.rows[#tbl.head.rows]
  if not head then
    return nil
  end
  for i, cell in ipairs(head.cells) do
    names[i] = pandoc.utils.stringify(cell.contents)
  end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do
      for i, cell in ipairs(row.cells) do
        if names[i] and names[i] ~= "" then
          cell.attributes["label"] = names[i]
        end
      end
    end
  end
  return tbl
end

local TYPST_PIECES = {
  ["lws-leaflet"] = "lws-fit",
  ["lws-panel"] = "lws-panel",
  ["lws-headline"] = "lws-headline",
  ["lws-contact"] = "lws-contact",
  ["lws-quote"] = "lws-quote",
  ["lws-cover"] = "lws-cover",
  ["lws-guide"] = "lws-guide",
}

-- The contents of a long PDF: after the cover, on a page of their own.
local CONTENTS = [[
#pagebreak(weak: true)
#heading(level: 1, outlined: false)[Contents]
#outline(title: none, depth: 1)
#pagebreak()]]

local function piece(el)
  if FORMAT ~= "typst" then
    return nil
  end
  if el.classes:includes("lws-contents") then
    return pandoc.RawBlock("typst", CONTENTS)
  end
  for _, class in ipairs(el.classes) do
    local call = TYPST_PIECES[class]
    if call then
      local out = pandoc.Blocks({ pandoc.RawBlock("typst", "#" .. call .. "[") })
      out:extend(el.content)
      out:insert(pandoc.RawBlock("typst", "]"))
      return out
    end
  end
end

-- HTML: the contents where the structure puts them (after the cover), not before the body:
-- a navigation landmark listing the sections, from the document's own headings.
local function html_contents(doc)
  if not FORMAT:match("html") then
    return nil
  end
  local placed = false
  doc.blocks = doc.blocks:walk({
    Div = function(el)
      if not el.classes:includes("lws-contents") or placed then
        return nil
      end
      placed = true
      local list = pandoc.structure.table_of_contents(doc.blocks, { toc_depth = 1 })
      return pandoc.Blocks({
        pandoc.RawBlock("html", '<nav id="TOC" aria-labelledby="toc-title">'),
        pandoc.RawBlock("html", '<h2 id="toc-title">Contents</h2>'),
        list,
        pandoc.RawBlock("html", "</nav>"),
      })
    end,
  })
  return doc
end

return {
  { Pandoc = html_contents },
  { Figure = figure, Table = label_cells, Div = piece },
  { Image = typst_image }, -- after the figures, which write their own images
}
