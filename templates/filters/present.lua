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
  local code = "#figure(image(" .. typst_string(image.src) .. ", alt: " .. typst_string(alt)
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

return {
  { Figure = figure, Table = label_cells, Div = piece },
}
