-- Shared by the load mixes: an authenticated JSON POST with a body picked at random per request.
local M = {}

function M.setup(path, bodies)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Basic " .. os.getenv("SEXTANT_BASIC")
  math.randomseed(os.time())
  return function()
    return wrk.format(nil, path, nil, bodies[math.random(1, #bodies)])
  end
end

function M.json(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

return M
