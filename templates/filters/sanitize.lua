--[[
sanitize.lua: lws's last line of defence between Markdown and every output format.

lws escapes author text before it becomes Markdown, so nothing below should ever fire; if it
does, a template or the escaping has a bug. The filter therefore reports each removal as a
warning (pandoc runs with --fail-if-warnings, so the build fails and names what was removed)
unless LWS_SANITIZE_STRICT is not "1", in which case it only logs it at info level.

* RawBlock and RawInline are removed (the reader already has raw_html, raw_attribute and
  raw_tex disabled; this catches anything another reader or filter might produce).
* Attributes: only an allowlist survives (width, height, lang, dir, custom-style, fig-alt),
  each with
  a validated value. Everything else goes: event handlers (on*), style, and pandoc's
  "typst:*" attributes, which the Typst writer copies verbatim into Typst code.
  Identifiers and classes are kept only when made of safe characters.
* Links: kept when the target is http(s)://, mailto:, #anchor or a relative path inside the
  project (no scheme, no leading slash or backslash, no ".." segment, no control characters,
  checked after percent-decoding). Otherwise the link becomes its text.
* Metadata: lws passes its metadata as a JSON object in LWS_METADATA; each value becomes a
  literal MetaString (pandoc's -M would read "true" and "false" as booleans).
* Images: kept only when the target is exactly one of the build's resources, listed by lws in
  LWS_RESOURCES as lines "target<TAB>file<TAB>mime". For formats that embed images the
  filter reads that file itself and puts it in pandoc's media bag, which is how lws's own
  images pass --sandbox (see lws/pandoc.py). Any other image becomes its alt text.
]]

local STRICT = os.getenv("LWS_SANITIZE_STRICT") == "1"
local EMBEDS = FORMAT ~= "typst" -- Typst reads images itself, confined to the project root

local resources = {}
for line in (os.getenv("LWS_RESOURCES") or ""):gmatch("[^\n]+") do
  local target, file, mime = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)$")
  if target then
    resources[target] = { file = file, mime = mime }
  end
end

local function report(what)
  local message = "sanitize: removed " .. what
  if STRICT then
    pandoc.log.warn(message)
  else
    pandoc.log.info(message)
  end
end

-- Attributes ---------------------------------------------------------------------------

local DIMENSION = "^%d+%.?%d*$"
local DIMENSION_UNIT = "^%d+%.?%d*(%a%a)$"
local UNITS = { px = true, cm = true, mm = true, ["in"] = true, pt = true, em = true }

local function is_dimension(value)
  if value:match(DIMENSION) or value:match("^%d+%.?%d*%%$") then
    return true
  end
  local unit = value:match(DIMENSION_UNIT)
  return unit ~= nil and UNITS[unit] == true
end

local ALLOWED = {
  width = is_dimension,
  height = is_dimension,
  lang = function(v) return v:match("^%a[%w%-]*$") ~= nil end,
  dir = function(v) return v == "ltr" or v == "rtl" end,
  ["custom-style"] = function(v) return v:match("^[%w][%w %-]*$") ~= nil end,
  -- a figure's alt text: plain text that every writer escapes; no control characters
  ["fig-alt"] = function(v) return #v <= 4000 and not v:find("%c") end,
}

local SAFE_NAME = "^[%w_][%w_%-%.:]*$"

local function clean_attr(attr)
  if attr.identifier ~= "" and not attr.identifier:match(SAFE_NAME) then
    report("identifier " .. attr.identifier)
    attr.identifier = ""
  end
  local classes = pandoc.List()
  for _, class in ipairs(attr.classes) do
    if class:match(SAFE_NAME) then
      classes:insert(class)
    else
      report("class " .. class)
    end
  end
  attr.classes = classes
  local kept = {}
  for _, pair in ipairs(attr.attributes) do
    local key, value = pair[1], pair[2]
    local check = ALLOWED[key]
    if check and check(value) then
      table.insert(kept, { key, value })
    else
      report("attribute " .. key .. "=" .. value)
    end
  end
  attr.attributes = kept
  return attr
end

local function clean(el)
  el.attr = clean_attr(el.attr)
  return el
end

local function clean_rows(rows)
  for _, row in ipairs(rows) do
    row.attr = clean_attr(row.attr)
    for _, cell in ipairs(row.cells) do
      cell.attr = clean_attr(cell.attr)
    end
  end
end

local function clean_table(tbl)
  tbl.attr = clean_attr(tbl.attr)
  tbl.head.attr = clean_attr(tbl.head.attr)
  clean_rows(tbl.head.rows)
  for _, body in ipairs(tbl.bodies) do
    body.attr = clean_attr(body.attr)
    clean_rows(body.head)
    clean_rows(body.body)
  end
  tbl.foot.attr = clean_attr(tbl.foot.attr)
  clean_rows(tbl.foot.rows)
  return tbl
end

-- Links and images ---------------------------------------------------------------------

local function percent_decode(text)
  return (text:gsub("%%(%x%x)", function(hex) return string.char(tonumber(hex, 16)) end))
end

local function is_relative_inside(target)
  local path = percent_decode(target)
  if path == "" or path:find("[%c%s\\]") or path:match("^/") then
    return false
  end
  if path:match("^[%a][%w+.%-]*:") then -- a scheme, or a Windows drive
    return false
  end
  local bare = path:gsub("[?#].*$", "")
  return not ("/" .. bare .. "/"):find("/%.%./")
end

local function is_safe_link(target)
  if target:find("[%c%s\\]") then
    return false
  end
  local lower = target:lower()
  if lower:match("^https?://[%w%[]") or lower:match("^mailto:[^/]") then
    return true
  end
  if target:match("^#") then
    return target == "#" or target:sub(2):match(SAFE_NAME) ~= nil
  end
  return is_relative_inside(target)
end

local embedded = {}

local function embed(target, resource)
  if embedded[target] then
    return
  end
  local handle = io.open(resource.file, "rb")
  if not handle then
    error("sanitize: cannot read resource " .. resource.file)
  end
  local contents = handle:read("a")
  handle:close()
  pandoc.mediabag.insert(target, resource.mime, contents)
  embedded[target] = true
end

-- The filter ---------------------------------------------------------------------------

local function drop_raw(el)
  report("raw " .. el.format .. " " .. el.tag)
  return {}
end

local function link(el)
  el = clean(el)
  if is_safe_link(el.target) then
    return el
  end
  report("link to " .. el.target)
  return el.content
end

local function image(el)
  el = clean(el)
  local resource = resources[el.src]
  if resource then
    if EMBEDS then
      embed(el.src, resource)
    end
    return el
  end
  report("image " .. el.src)
  return el.caption
end

local function set_metadata(meta)
  local given = os.getenv("LWS_METADATA") or ""
  if given ~= "" then
    for key, value in pairs(pandoc.json.decode(given, false)) do
      meta[key] = pandoc.MetaString(value)
    end
  end
  return meta
end

return {
  {
    Meta = set_metadata,
    RawBlock = drop_raw,
    RawInline = drop_raw,
    Link = link,
    Image = image,
    Span = clean,
    Div = clean,
    Header = clean,
    Code = clean,
    CodeBlock = clean,
    Figure = clean,
    Table = clean_table,
  },
}
