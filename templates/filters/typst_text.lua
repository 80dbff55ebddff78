--[[
typst_text.lua: author text printed in a PDF exactly as written. Runs last, for Typst only.

Pandoc's Typst writer leaves three dots as they are, which Typst sets as an ellipsis
("..." printed "…"), and writes an en or em dash as Typst's shorthand "--" or "---", so that
two dashes together run into one another ("–—" printed "—–"). A word (or a metadata text:
title, subtitle, date) holding either is written as raw Typst instead: every ASCII symbol
escaped with a backslash, each dash as its code point. Nothing else changes.
]]

local function affected(text)
  return text:find("..", 1, true) or text:find("–", 1, true) or text:find("—", 1, true)
end

local function typst(text)
  local code = text:gsub("%p", "\\%0"):gsub("–", "\\u{2013}"):gsub("—", "\\u{2014}")
  return pandoc.RawInline("typst", code)
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
return { { Str = word, Meta = metadata } }
