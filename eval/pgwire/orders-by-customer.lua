-- wrk script: the same statement as orders-by-customer.sql, through POST /api/v1/sql/execute
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic " .. os.getenv("SEXTANT_BASIC")
request = function()
  local id = math.random(1, 2000)
  return wrk.format(nil, "/api/v1/sql/execute",
    nil, '{"sql": "SELECT count(*), max(order_dt) FROM orders WHERE cust_id = ' .. id .. '"}')
end
