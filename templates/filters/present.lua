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
* Tables (HTML): every body cell gets a `data-label` naming its column, and its contents
  one `<div>`, so on a narrow screen the stylesheet can reflow each row into a labelled
  card (label | value) instead of clipping it.
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
      if FORMAT == "pptx" then
        -- a slide shows the image's text as its caption: the short one; Pandoc describes
        -- the picture by its title (and path: pptx_brand.described_pictures drops that)
        img.title = alt
      else
        img.caption = pandoc.Inlines(alt)
      end
      img.attributes["fig-alt"] = nil
      return img
    end,
  })
end

-- Typst: where a table goes. A short one (up to a third of the text's height) is kept whole:
-- moved to the next page, it leaves at most that much empty. A longer one starts where it
-- stands and breaks, its header row repeated, unless less than 4 cm is left there, where it
-- would strand a row or two under its header: then it starts the next page. What is decided
-- depends on the table alone, never on where it lands (which would make Typst's layout go
-- round in circles); a heading before a table keeps with it (sticky, with the table or the
-- 4 cm of room). A row never splits across pages. Self-contained Typst, so that any
-- template can take it.
local TABLE_OPEN = "#context {\nset table.cell(breakable: false)\nlet lws-table = ["
local TABLE_CLOSE = [[]
let height = measure(block(width: page.width - 4.4cm, lws-table)).height
let long = height > (page.height - 5cm) / 3
if long {
  // the room keeps the table's spacing from what comes before: the strong v(-4cm) swallows
  // the table's own (with 0pt above, a list's last line touched the table's caption)
  block(breakable: false, height: 4cm, above: 1.2em, below: 0pt, width: 100%)
  v(-4cm)
}
block(breakable: long, width: 100%, lws-table)
}]]

-- Typst has no widow or orphan control for a table's rows: a long table could leave its last
-- row alone under the repeated header at the top of a page, or its first alone under the
-- header at a page's foot. So a hairline column is added, empty, whose cells span the first
-- two rows and the last two; every cell being unbreakable, each pair stays on one page (the
-- workaround Typst's authors suggest, typst/typst#4841). Its cost: an empty last column in
-- the PDF's tag tree. Only a plain table (one body, no spans, no foot) is changed.
local function irregular(tbl)
  for _, row in ipairs(tbl.head.rows) do
    for _, cell in ipairs(row.cells) do
      if cell.row_span ~= 1 or cell.col_span ~= 1 then return true end
    end
  end
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do
      for _, cell in ipairs(row.cells) do
        if cell.row_span ~= 1 or cell.col_span ~= 1 then return true end
      end
    end
  end
  return #tbl.bodies ~= 1 or #tbl.bodies[1].head > 0 or #tbl.foot.rows > 0
end

local function rows_in_pairs(tbl)
  local rows = #tbl.bodies > 0 and tbl.bodies[1].body or {}
  if #rows < 3 or irregular(tbl) then
    return tbl
  end
  local function hairline(span)
    return pandoc.Cell({}, pandoc.AlignDefault, span, 1, { ["typst:inset"] = "0pt" })
  end
  tbl.colspecs:insert({ pandoc.AlignDefault, 0.0001 })
  for _, row in ipairs(tbl.head.rows) do
    row.cells:insert(hairline(1))
  end
  -- the first two rows and the last two, each pair spanned by one cell (three rows: all)
  local spans = #rows == 3 and { [1] = 3 } or { [1] = 2, [#rows - 1] = 2 }
  local n = 1
  while n <= #rows do
    local span = spans[n] or 1
    rows[n].cells:insert(hairline(span))
    n = n + span
  end
  return tbl
end

local function keep_whole(tbl)
  tbl = rows_in_pairs(tbl)
  return pandoc.Blocks({
    pandoc.RawBlock("typst", TABLE_OPEN),
    tbl,
    pandoc.RawBlock("typst", TABLE_CLOSE),
  })
end

-- DOCX: table cells in the reference document's "Table Text" style (9.5 pt, as in the PDF,
-- which the columns' widths are worked out for); Pandoc would give them the body's size.
local function docx_cells(tbl)
  local function styled(cell)
    -- a Para: Pandoc gives a cell's Plain text its own "Compact" style whatever the Div says
    local blocks = cell.contents:map(function(block)
      return block.t == "Plain" and pandoc.Para(block.content) or block
    end)
    cell.contents = { pandoc.Div(blocks, { ["custom-style"] = "Table Text" }) }
    return cell
  end
  local function row_styled(row)
    row.cells = row.cells:map(styled)
    return row
  end
  local head = tbl.head
  head.rows = head.rows:map(row_styled)
  tbl.head = head
  tbl.bodies = tbl.bodies:map(function(body)
    body.body = body.body:map(row_styled)
    return body
  end)
  return tbl
end

local function label_cells(tbl)
  if FORMAT == "typst" then
    return keep_whole(tbl)
  end
  if FORMAT == "docx" then
    return docx_cells(tbl)
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
          -- one block, so the narrow screen's grid (label | value) holds the value whole:
          -- without it each piece of a cell's text (an abbreviation, a link, bold) is a
          -- grid item of its own, on a row of its own
          cell.contents = { pandoc.Div(cell.contents) }
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

-- Typst: a paragraph that only names what follows (a bold label such as "**Included**"), and
-- the sentence between a heading and its figure, keep with the next block (sticky), so
-- neither is left at the foot of a page with what it introduces on the next.
local function is_label(block)
  if block.t ~= "Para" and block.t ~= "Plain" then
    return false
  end
  local strong = false
  for _, inline in ipairs(block.content) do
    if inline.t == "Strong" then
      strong = true
    elseif inline.t ~= "Space" and inline.t ~= "SoftBreak" then
      return false
    end
  end
  return strong
end

-- Typst: a list item that holds a list of its own (a label and what it lists, such as an
-- area of the diagnostic and its open questions) is kept on one page.
local function keep_items_whole(list)
  if FORMAT ~= "typst" then
    return nil
  end
  for i, item in ipairs(list.content) do
    local nested = false
    for _, block in ipairs(item) do
      nested = nested or block.t == "BulletList" or block.t == "OrderedList"
    end
    if nested then
      local kept = pandoc.Blocks({ pandoc.RawBlock("typst", "#block(breakable: false)[") })
      kept:extend(item)
      kept:insert(pandoc.RawBlock("typst", "]"))
      list.content[i] = kept
    end
  end
  return list
end

local function keep_with_next(blocks)
  if FORMAT ~= "typst" then
    return nil
  end
  local out = pandoc.Blocks({})
  for i, block in ipairs(blocks) do
    local before, after = blocks[i - 1], blocks[i + 1]
    local intro = block.t == "Para" and before and before.t == "Header"
      and after and after.t == "Figure"
    if after and (intro or is_label(block)) then
      out:insert(pandoc.RawBlock("typst", "#block(sticky: true)["))
      out:insert(block)
      out:insert(pandoc.RawBlock("typst", "]"))
    else
      out:insert(block)
    end
  end
  return out
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

-- DOCX: the cover on a page of its own (a page break ending its last paragraph), the contents
-- where the structure puts them, on a page of their own: Word's TOC field with its entries
-- already written in (so they show before Word updates the field), then the next page.
-- Pandoc's own --toc puts its field before everything, the cover included.
local PAGE_BREAK = '<w:r><w:br w:type="page"/></w:r>'
local SPACE = '<w:p><w:pPr><w:pStyle w:val="CoverSpace"/></w:pPr></w:p>'

local function xml_text(text)
  return (text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"))
end

local function docx_paragraph(style, runs)
  return '<w:p><w:pPr><w:pStyle w:val="' .. style .. '"/></w:pPr>' .. runs .. "</w:p>"
end

local function docx_run(text)
  return '<w:r><w:t xml:space="preserve">' .. xml_text(text) .. "</w:t></w:r>"
end

local function docx_toc(titles)
  local field = '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
    .. '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-1" \\h \\z \\u </w:instrText></w:r>'
    .. '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
  local heading = '<w:p><w:pPr><w:pStyle w:val="TOCHeading"/><w:pageBreakBefore/></w:pPr>'
    .. docx_run("Contents")
    .. "</w:p>"
  local out = { heading }
  if #titles == 0 then
    titles = { "" }
  end
  for i, title in ipairs(titles) do
    local runs = (i == 1 and field or "") .. docx_run(title)
    if i == #titles then
      runs = runs .. '<w:r><w:fldChar w:fldCharType="end"/></w:r>' .. PAGE_BREAK
    end
    out[#out + 1] = docx_paragraph("TOC1", runs)
  end
  return pandoc.RawBlock("openxml", table.concat(out, "\n"))
end

local function docx_pages(doc)
  if FORMAT ~= "docx" then
    return nil
  end
  local titles, after = {}, false
  doc.blocks:walk({
    traverse = "topdown",
    Div = function(el)
      if el.classes:includes("lws-contents") then
        after = true
      end
    end,
    Header = function(el)
      if after and el.level == 1 then
        titles[#titles + 1] = pandoc.utils.stringify(el.content)
      end
    end,
  })
  local function is(block, class)
    return block and block.t == "Div" and block.classes:includes(class)
  end
  for i, block in ipairs(doc.blocks) do
    if is(block, "lws-contents") then
      doc.blocks[i] = docx_toc(titles)
    elseif is(block, "lws-cover") then
      local last = block.content[#block.content]
      if last and not is(doc.blocks[i + 1], "lws-contents") and (last.t == "Para" or last.t == "Plain") then
        last.content:insert(pandoc.RawInline("openxml", PAGE_BREAK))
      end
      -- the panel near the foot of the page, as in the PDF (the reference document's styles)
      block.attributes["custom-style"] = "Cover Panel"
      doc.blocks[i] = pandoc.Div({ pandoc.RawBlock("openxml", SPACE), block })
    end
  end
  return doc
end

-- DOCX: the staff leaflet as the PDF lays it out. The headline message in its own style
-- across the page under the title block, then a marker paragraph where
-- lws.publish.docx_leaflet ends the title's section and sets the rest in two columns (at
-- the size that fills one side, or else two full sides); "What changes for you", "Who to
-- talk to" and the quote as boxes of the reference document's styles (a box's heading in
-- its "... Heading" style, which keeps heading 2's outline level; a list in a box becomes
-- its paragraphs, whose equal borders make one box).
local COLUMNS = '<w:p><w:pPr><w:pStyle w:val="LeafletColumns"/></w:pPr></w:p>'
local LEAFLET_BOXES = {
  ["lws-panel"] = "Leaflet Panel",
  ["lws-contact"] = "Leaflet Contact",
  ["lws-quote"] = "Leaflet Quote",
}

local function docx_box(div, style)
  local out = pandoc.Blocks({})
  local function add(block, name)
    if block.t == "Plain" then
      block = pandoc.Para(block.content)
    end
    out:insert(pandoc.Div({ block }, { ["custom-style"] = name }))
  end
  for _, block in ipairs(div.content) do
    if block.t == "Header" then
      add(pandoc.Para(block.content), style .. " Heading")
    elseif block.t == "BulletList" or block.t == "OrderedList" then
      for _, item in ipairs(block.content) do
        for _, inner in ipairs(item) do
          add(inner, style)
        end
      end
    else
      add(block, style)
    end
  end
  return out
end

local function docx_leaflet(doc)
  if FORMAT ~= "docx" then
    return nil
  end
  local out, found = pandoc.Blocks({}), false
  for _, block in ipairs(doc.blocks) do
    if block.t == "Div" and block.classes:includes("lws-headline") then
      block.attributes["custom-style"] = "Leaflet Headline"
      out:insert(block)
    elseif block.t == "Div" and block.classes:includes("lws-leaflet") then
      found = true
      out:insert(pandoc.RawBlock("openxml", COLUMNS))
      for _, inner in ipairs(block.content) do
        local style
        if inner.t == "Div" then
          for _, class in ipairs(inner.classes) do
            style = style or LEAFLET_BOXES[class]
          end
        end
        if style then
          out:extend(docx_box(inner, style))
        else
          out:insert(inner)
        end
      end
    else
      out:insert(block)
    end
  end
  if not found then
    return nil
  end
  doc.blocks = out
  return doc
end

return {
  { Pandoc = html_contents },
  { Pandoc = docx_pages },
  { Pandoc = docx_leaflet },
  { Blocks = keep_with_next, BulletList = keep_items_whole, OrderedList = keep_items_whole },
  { Figure = figure, Table = label_cells, Div = piece },
  { Image = typst_image }, -- after the figures, which write their own images
}
