--[[
typst_text.lua: author text printed in a PDF exactly as written. Runs last, for Typst only.

Pandoc's Typst writer leaves three dots as they are, which Typst sets as an ellipsis
("..." printed "…"); writes an en or em dash as Typst's shorthand "--" or "---", so that two
dashes together run into one another ("–—" printed "—–"); and writes every quote mark as a
straight one for Typst's smart quotes, which make a quote after a digit a prime ("the 1990’s"
printed "1990′s"). A word (or a metadata text: title, subtitle, date) holding any of them is
written as raw Typst instead: every ASCII symbol escaped with a backslash, each dash and
typographic quote as its code point; a quotation (Pandoc's Quoted) gets its marks the same
way. Nothing else changes.
]]

local CODE_POINTS = { ["–"] = "2013", ["—"] = "2014", ["‘"] = "2018", ["’"] = "2019",
  ["“"] = "201C", ["”"] = "201D" }

local function affected(text)
  if text:find("..", 1, true) or text:find("['\"]") then
    return true
  end
  for mark in pairs(CODE_POINTS) do
    if text:find(mark, 1, true) then
      return true
    end
  end
  return false
end

local function typst(text)
  local code = text:gsub("%p", "\\%0")
  for mark, point in pairs(CODE_POINTS) do
    code = code:gsub(mark, "\\u{" .. point .. "}")
  end
  return pandoc.RawInline("typst", code)
end

local function quoted(el)
  local double = el.quotetype == "DoubleQuote"
  local inlines = pandoc.Inlines({ pandoc.RawInline("typst", double and "\\u{201C}" or "\\u{2018}") })
  inlines:extend(el.content)
  inlines:insert(pandoc.RawInline("typst", double and "\\u{201D}" or "\\u{2019}"))
  return inlines
end

local function word(el)
  if affected(el.text) then
    return typst(el.text)
  end
end

local function metadata(meta)
  for key, value in pairs(meta) do
    if type(value) == "string" and affected(value) then
      local inlines = pandoc.Inlines({})
      for piece in value:gmatch("%S+%s*") do
        local text, space = piece:match("^(%S+)(%s*)$")
        inlines:insert(affected(text) and typst(text) or pandoc.Str(text))
        if space ~= "" then
          inlines:insert(pandoc.Space())
        end
      end
      meta[key] = pandoc.MetaInlines(inlines)
    end
  end
  return meta
end

if FORMAT ~= "typst" then
  return {}
end
return { { Str = word, Quoted = quoted, Meta = metadata } }
