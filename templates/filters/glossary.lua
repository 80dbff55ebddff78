--[[
glossary.lua: the first use of each glossary acronym in an output is spelt out.

lws passes the trust's glossary (strategy/glossary.yaml) in LWS_GLOSSARY as lines
"TERM<TAB>MEANING". Walking the document in reading order, the first time a term appears in
body text it becomes "Common Assessment Framework (CAF)"; in HTML the acronym is an
<abbr title="Common Assessment Framework">. A plural ("KPIs") is spelt out as a plural.

Never touched: headings (so their anchors and the table of contents do not change), links,
images and figures, code, table headings and captions, and the glossary itself (a div of
class lws-glossary). Runs after sanitize.lua (always the
packaged copy, never a trust's), so the one raw inline it adds is lws's own, escaped.
]]

local terms = {}
for line in (os.getenv("LWS_GLOSSARY") or ""):gmatch("[^\n]+") do
  local term, meaning = line:match("^([^\t]+)\t([^\t]+)$")
  if term then
    terms[term] = meaning
  end
end
local seen = {}
local HTML = FORMAT:match("html") ~= nil

local function escape_html(text)
  return (text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

-- "CAF," -> "", "CAF", ","; "(KPIs)" -> "(", "KPIs", ")"
local function split(text)
  local before, core, after = text:match("^(%p*)(%u[%u%d&]*[%u%d]s?)(.*)$")
  if not core then
    return nil
  end
  if after ~= "" and not after:match("^%p") and not after:match("^\u{2019}") then
    return nil
  end
  return before, core, after
end

local function expansion(text)
  local before, core, after = split(text)
  if not core then
    return nil
  end
  local term, plural = core, ""
  if not terms[term] and core:sub(-1) == "s" then
    term, plural = core:sub(1, -2), "s"
  end
  local meaning = terms[term]
  if not meaning or seen[term] then
    return nil
  end
  seen[term] = true
  local spelt = meaning
  if plural ~= "" and meaning:sub(-1) ~= "s" then
    spelt = meaning .. "s"
  end
  local out = pandoc.Inlines(before .. spelt)
  out:insert(pandoc.Space())
  if HTML then
    out:insert(pandoc.Str("("))
    out:insert(pandoc.RawInline(
      "html", '<abbr title="' .. escape_html(meaning) .. '">' .. escape_html(core) .. "</abbr>"
    ))
    out:insert(pandoc.Str(")" .. after))
  else
    out:insert(pandoc.Str("(" .. core .. ")" .. after))
  end
  return out
end

local walk_blocks

local SKIP_INLINE = { Link = true, Image = true, Code = true, Math = true, RawInline = true }

local function walk_inlines(inlines)
  local out = pandoc.Inlines({})
  for _, el in ipairs(inlines) do
    if el.t == "Str" then
      local spelt = expansion(el.text)
      if spelt then
        out:extend(spelt)
      else
        out:insert(el)
      end
    elseif SKIP_INLINE[el.t] then
      out:insert(el)
    elseif el.t == "Note" then
      el.content = walk_blocks(el.content)
      out:insert(el)
    elseif el.content ~= nil then -- Emph, Strong, Span, Quoted, Underline, SmallCaps…
      el.content = walk_inlines(el.content)
      out:insert(el)
    else
      out:insert(el)
    end
  end
  return out
end

local function walk_rows(rows)
  for _, row in ipairs(rows) do
    for _, cell in ipairs(row.cells) do
      cell.contents = walk_blocks(cell.contents)
    end
  end
end

walk_blocks = function(blocks)
  for _, block in ipairs(blocks) do
    local t = block.t
    if t == "Para" or t == "Plain" then
      block.content = walk_inlines(block.content)
    elseif t == "BulletList" or t == "OrderedList" then
      for i, item in ipairs(block.content) do
        block.content[i] = walk_blocks(item)
      end
    elseif t == "Div" and block.classes:includes("lws-glossary") then
      -- the glossary itself: its terms stay as written
    elseif t == "BlockQuote" or t == "Div" then
      block.content = walk_blocks(block.content)
    elseif t == "LineBlock" then
      for i, line in ipairs(block.content) do
        block.content[i] = walk_inlines(line)
      end
    elseif t == "DefinitionList" then
      for _, entry in ipairs(block.content) do
        for i, definition in ipairs(entry[2]) do
          entry[2][i] = walk_blocks(definition)
        end
      end
    elseif t == "Table" then
      for _, body in ipairs(block.bodies) do
        walk_rows(body.body)
      end
    end
    -- Header, Figure, CodeBlock, RawBlock, HorizontalRule: left as they are
  end
  return blocks
end

function Pandoc(doc)
  if next(terms) == nil then
    return nil
  end
  doc.blocks = walk_blocks(doc.blocks)
  return doc
end
